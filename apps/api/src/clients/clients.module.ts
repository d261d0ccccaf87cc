import { Module } from '@nestjs/common';

/** Clients, consent and disclosures: mutations, queries and personal-data access recording. */
@Module({ providers: [] })
export class ClientsModule {}
