import { Module } from '@nestjs/common';
import { ClientPersonalDataAccess } from './access/client-personal-data';
import { ClientPersonalDataResolver } from './access/client-personal-data.resolver';
import { ClientReader } from './client-reader';
import { DiscloseInformationHandler } from './commands/disclose-information/disclose-information.handler';
import { DiscloseInformationResolver } from './commands/disclose-information/disclose-information.resolver';
import { EraseClientPersonalDataHandler } from './commands/erase-client-personal-data/erase-client-personal-data.handler';
import { EraseClientPersonalDataResolver } from './commands/erase-client-personal-data/erase-client-personal-data.resolver';
import { GiveConsentHandler } from './commands/give-consent/give-consent.handler';
import { GiveConsentResolver } from './commands/give-consent/give-consent.resolver';
import { RecordClientDepartureHandler } from './commands/record-client-departure/record-client-departure.handler';
import { RecordClientDepartureResolver } from './commands/record-client-departure/record-client-departure.resolver';
import { RegisterClientHandler } from './commands/register-client/register-client.handler';
import { RegisterClientResolver } from './commands/register-client/register-client.resolver';
import { UpdateClientContactHandler } from './commands/update-client-contact/update-client-contact.handler';
import { UpdateClientContactResolver } from './commands/update-client-contact/update-client-contact.resolver';
import { WithdrawConsentHandler } from './commands/withdraw-consent/withdraw-consent.handler';
import { WithdrawConsentResolver } from './commands/withdraw-consent/withdraw-consent.resolver';
import { ClientQueryResolver } from './queries/client/client.resolver';
import { ClientsQueryResolver } from './queries/clients/clients.resolver';
import { ConsentsQueryResolver } from './queries/consents/consents.resolver';
import { DisclosuresQueryResolver } from './queries/disclosures/disclosures.resolver';

/** Clients, consent and disclosures: mutations, queries and personal-data access recording. */
@Module({
  providers: [
    ClientReader,
    ClientPersonalDataAccess,
    ClientPersonalDataResolver,
    RegisterClientHandler,
    RegisterClientResolver,
    UpdateClientContactHandler,
    UpdateClientContactResolver,
    GiveConsentHandler,
    GiveConsentResolver,
    WithdrawConsentHandler,
    WithdrawConsentResolver,
    DiscloseInformationHandler,
    DiscloseInformationResolver,
    EraseClientPersonalDataHandler,
    EraseClientPersonalDataResolver,
    RecordClientDepartureHandler,
    RecordClientDepartureResolver,
    ClientQueryResolver,
    ClientsQueryResolver,
    ConsentsQueryResolver,
    DisclosuresQueryResolver,
  ],
})
export class ClientsModule {}
