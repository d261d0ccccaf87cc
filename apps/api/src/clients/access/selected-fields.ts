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

/**
 * The nodes of the operation's top-level field that the current resolver runs under: every node with its
 * response key (alias or name), found through inline fragments and fragment spreads on the root type as well,
 * since graphql-js merges them all into one field (`{ ... on Query { client(id: 1) { name } } }`).
 */
function rootFields(info: GraphQLResolveInfo): readonly FieldNode[] {
  // A root field's own resolver has them already, collected and merged by graphql-js.
  if (info.path.prev === undefined) return info.fieldNodes;
  let path = info.path;
  while (path.prev !== undefined) path = path.prev;
  const key = String(path.key);
  const found: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias?.value ?? selection.name.value) === key) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment !== undefined && !seen.has(fragment.name.value))
          visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
  };
  visit(info.operation.selectionSet, new Set());
  return found;
}

/** `query clients`, `mutation registerClient`: what the access log names as the operation that read the data. */
export function operationLabel(info: GraphQLResolveInfo): string {
  const [root] = rootFields(info);
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
  const roots = rootFields(info);
  const [first] = roots;
  let selected: readonly string[] = [];
  if (first !== undefined) {
    // The nodes of one response key follow from the document alone, so the first of them keys the walk.
    let byType = walks.get(first);
    if (byType === undefined) {
      byType = new Map();
      walks.set(first, byType);
    }
    const key = `${typeName}:${wanted.join(',')}`;
    const walked = byType.get(key);
    if (walked === undefined) {
      selected = walk(info, roots, typeName, wanted);
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
  roots: readonly FieldNode[],
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
  for (const root of roots) {
    if (root.selectionSet === undefined || rootType === undefined || rootType === null) continue;
    const returnType = rootType.getFields()[root.name.value]?.type;
    const named = returnType === undefined ? undefined : getNamedType(returnType);
    if (named !== undefined && isCompositeType(named)) visit(root.selectionSet, named, new Set());
  }
  return wanted.filter((field) => found.has(field));
}
