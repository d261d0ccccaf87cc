import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@app/platform';
import { Ctx, Roles } from '../platform/auth/auth.decorators';
import type { RequestContext } from '../platform/auth/request-context';
import { RegionEnum, RoleEnum } from '../shared/enums';

@ObjectType('Me')
export class MeModel {
  @Field()
  subject!: string;

  @Field(() => RoleEnum)
  role!: RoleEnum;

  @Field(() => [RegionEnum])
  regions!: RegionEnum[];
}

@Resolver(() => MeModel)
export class MeResolver {
  @Query(() => MeModel, { description: 'Who the bearer token says you are.' })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  me(@Ctx() context: RequestContext): MeModel {
    const principal = context.principal as Principal;
    return {
      subject: principal.subject,
      role: principal.role as RoleEnum,
      regions: principal.regions as RegionEnum[],
    };
  }
}
