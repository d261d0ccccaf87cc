import { Inject } from '@nestjs/common';
import {
  Args,
  ArgsType,
  Field,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { AppConfig } from '@app/platform';
import { emptyPage, type JsonObject, type Page } from '@app/read-models';
import {
  REMINDERS_COLLECTION,
  ensureRemindersCollection,
} from '../../../../../worker/src/reminders/reminder-sweep';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { APP_CONFIG } from '../../../platform/tokens';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { listCursorsOf, pageOfList } from '../../../shared/cursors';
import { DateScalar } from '../../../shared/scalars';
import { RegionEnum } from '../../../shared/enums';
import { canSeeRegion } from '../../../shared/regions';

export enum ReminderCodeEnum {
  CONSENT_EXPIRING = 'CONSENT_EXPIRING',
  INSURANCE_EXPIRING = 'INSURANCE_EXPIRING',
  NO_MEETING_14_DAYS = 'NO_MEETING_14_DAYS',
  NO_MEETING_30_DAYS = 'NO_MEETING_30_DAYS',
  SUPERVISION_OVERDUE = 'SUPERVISION_OVERDUE',
}
registerEnumType(ReminderCodeEnum, { name: 'ReminderCode' });

export enum ReminderSubjectTypeEnum {
  CLIENT = 'CLIENT',
  VOLUNTEER = 'VOLUNTEER',
  MATCH = 'MATCH',
}
registerEnumType(ReminderSubjectTypeEnum, { name: 'ReminderSubjectType' });

@ObjectType('Reminder', { description: 'Something due, by ids and codes only; computed by the daily sweep.' })
export class ReminderModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ReminderCodeEnum)
  code!: ReminderCodeEnum;

  @Field(() => ReminderSubjectTypeEnum)
  subjectType!: ReminderSubjectTypeEnum;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The consent id or insurance policy reference concerned.',
  })
  relatedId!: string | null;

  @Field(() => DateScalar)
  dueOn!: string;
}

export const ReminderConnection = Connection(ReminderModel, 'Reminder');

@ArgsType()
export class RemindersArgs {
  @Field(() => RegionEnum)
  @IsEnum(RegionEnum)
  region!: RegionEnum;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

const EMPTY: Page & { totalCount: number } = { ...emptyPage(), totalCount: 0 };

@Resolver()
export class RemindersResolver {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => ReminderConnection, {
    description: "The region's reminders for the dashboard, soonest first.",
  })
  @Roles('COORDINATOR', 'ADMIN')
  async reminders(
    @Args() args: RemindersArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<ReminderModel>> {
    if (context.principal === null) throw new Error('unreachable: the guard requires a principal');
    const toNode = (item: { data: JsonObject }): ReminderModel => item.data as unknown as ReminderModel;
    const principal = context.principal;
    const { documents } = this.readSide;
    const filter = { regions: { $contains: args.region } };
    const cursors = await listCursorsOf(this.config);
    // The cursor is checked even when the region is not the caller's, so a bad one is refused the same way.
    const page = await pageOfList(
      cursors,
      { name: 'reminders', arguments: filter },
      args.after,
      async (storeAfter) => {
        if (!canSeeRegion(principal, args.region)) return EMPTY;
        await ensureRemindersCollection(documents);
        const [found, count] = await Promise.all([
          documents.find(REMINDERS_COLLECTION.name, {
            filter,
            sort: [{ field: 'dueOn', direction: 'asc' }],
            first: args.first ?? DEFAULT_PAGE_SIZE,
            after: storeAfter,
          }),
          documents.count(REMINDERS_COLLECTION.name, filter),
        ]);
        return { ...found, totalCount: count };
      },
    );
    return toConnection(page, page.totalCount, toNode);
  }
}
