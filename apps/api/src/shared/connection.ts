import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Type } from '@nestjs/common';
import type { SealedCursor } from './cursors';

@ObjectType('PageInfo', {
  description: 'Relay page information. Lists page forward only, with first and after.',
})
export class PageInfo {
  @Field({ description: 'Whether items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether this page was read after a cursor, so that items precede it.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null on an empty page." })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The last edge's cursor: pass it as after for the next page; null on an empty page.",
  })
  endCursor!: string | null;
}

export interface ConnectionEdge<Node> {
  readonly node: Node;
  readonly cursor: string;
}

export interface ConnectionShape<Node> {
  edges: ConnectionEdge<Node>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for `Node`, e.g. `VolunteerConnection`. */
export function Connection<Node>(nodeType: Type<Node>, name: string): Type<ConnectionShape<Node>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType)
    node!: Node;

    @Field(() => String, { description: 'Pass as after to read on from this edge.' })
    cursor!: string;
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

  @Field(() => String, {
    nullable: true,
    description: "The previous page's endCursor, or any edge's cursor: the page starts after it.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  after?: string | null;
}

/** What `toConnection` needs of a page read through `pageOfList` (./cursors). */
export interface SealedListPage<Doc> {
  readonly items: readonly Doc[];
  readonly endCursor: SealedCursor | null;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  cursorAt(index: number): SealedCursor;
}

/**
 * Builds a connection from a page read through `pageOfList` (./cursors); pass `pageInfo.endCursor`, or any
 * edge's cursor, as `after` to read on. The cursors' type is what `pageOfList` returns, so that a list reading
 * the store directly fails to compile instead of handing out the store's readable cursor. Edge cursors and
 * `startCursor` are sealed only when a query selects them (getters the default field resolver reads).
 */
export function toConnection<Doc, Node>(
  page: SealedListPage<Doc>,
  totalCount: number,
  toNode: (doc: Doc) => Node,
): ConnectionShape<Node> {
  return {
    edges: page.items.map((doc, index) => new LazyEdge(toNode(doc), page, index)),
    pageInfo: new LazyPageInfo(page),
    totalCount,
  };
}

/** An edge whose cursor is sealed when a query reads it. */
class LazyEdge<Node> implements ConnectionEdge<Node> {
  constructor(
    readonly node: Node,
    private readonly page: SealedListPage<unknown>,
    private readonly index: number,
  ) {}

  get cursor(): SealedCursor {
    return this.page.cursorAt(this.index);
  }
}

/** Page information whose `startCursor` is sealed when a query reads it. */
class LazyPageInfo implements PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly endCursor: SealedCursor | null;

  constructor(private readonly page: SealedListPage<unknown>) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = page.hasPreviousPage;
    this.endCursor = page.endCursor;
  }

  get startCursor(): SealedCursor | null {
    return this.page.items.length === 0 ? null : this.page.cursorAt(0);
  }
}
