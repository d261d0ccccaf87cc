import { registerEnumType } from '@nestjs/graphql';

export enum ClientStatusEnum {
  REGISTERED = 'REGISTERED',
  DEPARTED = 'DEPARTED',
}
registerEnumType(ClientStatusEnum, { name: 'ClientStatus' });

/** A consent's standing at the moment of the query. */
export enum ConsentStatusEnum {
  IN_FORCE = 'IN_FORCE',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ConsentStatusEnum, { name: 'ConsentStatus' });

/** A refused disclosure is a recorded outcome too, not an error. */
export enum DisclosureOutcomeEnum {
  DISCLOSED = 'DISCLOSED',
  REFUSED = 'REFUSED',
}
registerEnumType(DisclosureOutcomeEnum, { name: 'DisclosureOutcome' });
