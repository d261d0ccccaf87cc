import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** The top-level field of the operation that the current resolver runs under (aliases resolved). */
function rootField(info: GraphQLResolveInfo): FieldNode | undefined {
  let path = info.path;
  while (path.prev !== undefined) path = path.prev;
  const key = String(path.key);
  return info.operation.selectionSet.selections.find(
    (selection): selection is FieldNode =>
      selection.kind === Kind.FIELD && (selection.alias?.value ?? selection.name.value) === key,
  );
}

/** `query clients`, `mutation registerClient`: what the access log names as the operation that read the data. */
export function operationLabel(info: GraphQLResolveInfo): string {
  const root = rootField(info);
  return `${info.operation.operation} ${root?.name.value ?? info.fieldName}`;
}

/**
 * Walks of a root field, by the field's node and then by type and wanted fields. Apollo keeps parsed documents
 * and hands the same nodes to every request of the same query, and a walk depends only on the document and the
 * schema: the client read of the API benchmark walks its query once, not once per request.
 */
const walks = new WeakMap<FieldNode, Map<string, readonly string[]>>();

/**
 * The fields named in `wanted` that the current root field selects on objects of `typeName`, fragments
 * included: computed from the query itself, so one access record lists every personal field the request reads.
 */
export function fieldsSelectedOn(
  info: GraphQLResolveInfo,
  typeName: string,
  wanted: readonly string[],
): readonly string[] {
  const root = rootField(info);
  let selected: readonly string[] = [];
  if (root !== undefined) {
    let byType = walks.get(root);
    if (byType === undefined) {
      byType = new Map();
      walks.set(root, byType);
    }
    const key = `${typeName}:${wanted.join(',')}`;
    const walked = byType.get(key);
    if (walked === undefined) {
      selected = walk(info, root, typeName, wanted);
      byType.set(key, selected);
    } else {
      selected = walked;
    }
  }
  // The field being resolved is always read, even if the walk could not place it (e.g. an unusual fragment).
  if (
    info.parentType.name === typeName &&
    wanted.includes(info.fieldName) &&
    !selected.includes(info.fieldName)
  )
    return wanted.filter((field) => field === info.fieldName || selected.includes(field));
  return selected;
}

function walk(
  info: GraphQLResolveInfo,
  root: FieldNode,
  typeName: string,
  wanted: readonly string[],
): readonly string[] {
  const found = new Set<string>();
  const visit = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    seen: Set<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (parentType.name === typeName && wanted.includes(name)) found.add(name);
        if (selection.selectionSet === undefined) continue;
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const fieldType = parentType.getFields()[name]?.type;
        const named = fieldType === undefined ? undefined : getNamedType(fieldType);
        if (named !== undefined && isCompositeType(named)) visit(selection.selectionSet, named, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? info.schema.getType(selection.typeCondition.name.value)
          : parentType;
        if (condition !== undefined && condition !== null && isCompositeType(condition)) {
          visit(selection.selectionSet, condition, seen);
        }
      } else {
        const fragmentName = selection.name.value;
        const fragment = info.fragments[fragmentName];
        if (fragment === undefined || seen.has(fragmentName)) continue;
        const condition = info.schema.getType(fragment.typeCondition.name.value);
        if (condition !== undefined && isCompositeType(condition)) {
          visit(fragment.selectionSet, condition, new Set([...seen, fragmentName]));
        }
      }
    }
  };
  const rootType = info.schema.getRootType(info.operation.operation);
  if (root.selectionSet !== undefined && rootType !== undefined && rootType !== null) {
    const returnType = rootType.getFields()[root.name.value]?.type;
    const named = returnType === undefined ? undefined : getNamedType(returnType);
    if (named !== undefined && isCompositeType(named)) visit(root.selectionSet, named, new Set());
  }
  return wanted.filter((field) => found.has(field));
}
