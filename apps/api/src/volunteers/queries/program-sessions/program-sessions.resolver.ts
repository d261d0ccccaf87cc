import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { AppConfig, Principal } from '@app/platform';
import { emptyPage, type FieldCondition, type Filter, type Page, type ScalarValue } from '@app/read-models';
import { PROGRAM_SESSIONS_READ_MODEL, type ProgramSessionDocument } from '@app/read-models/program';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { findDocuments, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { APP_CONFIG } from '../../../platform/tokens';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { listCursorsOf, pageOfList } from '../../../shared/cursors';
import { visibleRegions } from '../../../shared/regions';
import { ProgramSessionModel, toProgramSessionModel } from '../../program-session.model';
import { principalOf } from '../../volunteer-command-runner';
import { ProgramSessionsArgs, type ProgramSessionFilterInput } from './program-sessions.args';

export const ProgramSessionConnection = Connection(ProgramSessionModel, 'ProgramSession');

const EMPTY_PAGE: Page<ProgramSessionDocument> & { totalCount: number } = {
  ...emptyPage<ProgramSessionDocument>(),
  totalCount: 0,
};

/** The document-store filter for what the caller asked and may see; `null` when nothing can match. */
export function programSessionFilter(
  principal: Principal,
  filter: ProgramSessionFilterInput | null | undefined,
): Filter | null {
  const conditions: Record<string, ScalarValue | FieldCondition> = {};
  const regions = visibleRegions(principal, filter?.region ? [filter.region] : null);
  if (regions !== null) {
    if (regions.length === 0) return null;
    conditions.region = { $in: regions };
  }
  if (filter?.kind) conditions.kind = filter.kind;
  if (filter?.from || filter?.to) {
    conditions.date = {
      ...(filter.from ? { $gte: filter.from } : {}),
      ...(filter.to ? { $lte: filter.to } : {}),
    };
  }
  return conditions;
}

@Resolver(() => ProgramSessionModel)
export class ProgramSessionsResolver {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => ProgramSessionConnection, {
    description: 'Group meetings and supervision sessions, newest first.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  async programSessions(
    @Args() { filter, first, after }: ProgramSessionsArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<ProgramSessionModel>> {
    const principal = principalOf(context);
    const cursors = await listCursorsOf(this.config);
    const list = { name: 'programSessions', arguments: filter };
    const page = await pageOfList(cursors, list, after, async (storeAfter) => {
      const conditions = programSessionFilter(principal, filter);
      if (conditions === null) return EMPTY_PAGE;
      const [found, totalCount] = await Promise.all([
        findDocuments<ProgramSessionDocument>(this.readSide, PROGRAM_SESSIONS_READ_MODEL, {
          filter: conditions,
          sort: [{ field: 'date', direction: 'desc' }],
          first: first ?? DEFAULT_PAGE_SIZE,
          after: storeAfter,
        }),
        this.readSide
          .collection(PROGRAM_SESSIONS_READ_MODEL)
          .then((collection) => this.readSide.documents.count(collection, conditions)),
      ]);
      return { ...found, totalCount };
    });
    return toConnection(page, page.totalCount, (stored) => toProgramSessionModel(stored.id, stored.data));
  }
}
