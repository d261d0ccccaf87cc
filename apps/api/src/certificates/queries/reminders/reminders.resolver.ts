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
import type { JsonObject } from '@app/read-models';
import { REMINDERS_COLLECTION } from '../../../../../worker/src/reminders/reminder-sweep';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { READ_SIDE, type ReadSide } from '../../../platform/read-side';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
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

const EMPTY = { items: [], endCursor: null, hasNextPage: false };

@Resolver()
export class RemindersResolver {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

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
    if (!canSeeRegion(context.principal, args.region)) return toConnection(EMPTY, 0, toNode);
    const { documents } = this.readSide;
    await documents.ensureCollection(REMINDERS_COLLECTION);
    const filter = { regions: { $contains: args.region } };
    const page = await documents.find(REMINDERS_COLLECTION.name, {
      filter,
      sort: [{ field: 'dueOn', direction: 'asc' }],
      first: args.first ?? DEFAULT_PAGE_SIZE,
      after: args.after ?? null,
    });
    return toConnection(page, await documents.count(REMINDERS_COLLECTION.name, filter), toNode);
  }
}
