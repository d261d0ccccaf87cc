import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import type { SealedCursor } from './cursors';

@ObjectType('PageInfo')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<Node> {
  edges: { node: Node }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for `Node`, e.g. `VolunteerConnection`. */
export function Connection<Node>(nodeType: Type<Node>, name: string): Type<ConnectionShape<Node>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType)
    node!: Node;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first` and `after` of a connection query; the query's own arguments extend it. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  after?: string | null;
}

/**
 * Builds a connection from a page read through `pageOfList` (./cursors); pass `pageInfo.endCursor` as
 * `after` for the next page. The cursor's type is what `pageOfList` returns, so that a list reading the
 * store directly fails to compile instead of handing out the store's readable cursor.
 */
export function toConnection<Doc, Node>(
  page: { items: readonly Doc[]; endCursor: SealedCursor | null; hasNextPage: boolean },
  totalCount: number,
  toNode: (doc: Doc) => Node,
): ConnectionShape<Node> {
  return {
    edges: page.items.map((doc) => ({ node: toNode(doc) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount,
  };
}
