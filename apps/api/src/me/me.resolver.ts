import { Field, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { REGIONS, ROLES, type Principal } from '@app/platform';
import { Ctx, Roles } from '../platform/auth/auth.decorators';
import type { RequestContext } from '../platform/auth/request-context';

export enum RoleEnum {
  COORDINATOR = 'COORDINATOR',
  AUDITOR = 'AUDITOR',
  ADMIN = 'ADMIN',
}
export enum RegionEnum {
  PRAGUE = 'PRAGUE',
  CENTRAL_BOHEMIA = 'CENTRAL_BOHEMIA',
  LIBEREC = 'LIBEREC',
}
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(RegionEnum, { name: 'Region' });
// The enums above must list exactly the platform's roles and regions.
void ([ROLES, REGIONS] satisfies [readonly `${RoleEnum}`[], readonly `${RegionEnum}`[]]);

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
