import { Inject, Injectable } from '@nestjs/common';
import type { Filter, JsonObject } from '@app/read-models';
import {
  CLIENTS_READ_MODEL,
  CONSENTS_READ_MODEL,
  type ClientDocument,
  type ConsentDocument,
} from '@app/read-models/clients';
import { quietSince, type MatchDocument } from '@app/read-models/matching';
import {
  regionKeysTouching,
  supervisionsInLast12Months,
  type VolunteerDocument,
} from '@app/read-models/volunteers';
import { addDays, dateOf, daysBetween } from '@app/domain';
import type { Clock } from '@app/platform';
import { findAllDocuments, READ_SIDE, type ReadSide } from '../platform/read-side';
import { CLOCK } from '../platform/tokens';
import type { RegionEnum } from '../shared/enums';
import {
  REMINDERS_COLLECTION,
  ensureRemindersCollection,
} from '../../../worker/src/reminders/reminder-sweep';
import type { ReminderModel } from '../certificates/queries/reminders/reminders.resolver';
import type { DashboardModel, MatchNeedingAttentionModel } from './dashboard.model';

const PAGE = 500;
const DASHBOARD_REMINDERS = 100;
const SUPERVISIONS_EXPECTED_PER_YEAR = 4;

/**
 * The region overview. Read models are scanned page by page (never all at once); each figure is a plain
 * function of the documents, so the numbers always agree with what the list queries show.
 */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async forRegion(region: RegionEnum): Promise<DashboardModel> {
    const today = dateOf(this.clock.now().toISOString());
    const [volunteers, matches, consents, reminders] = await Promise.all([
      this.volunteerFigures(region, today),
      this.matchFigures(region, today),
      this.expiringConsents(region, today),
      this.dueReminders(region),
    ]);
    return {
      region,
      asOf: today,
      ...volunteers,
      ...matches,
      consentsExpiringWithin30Days: consents,
      reminders,
    };
  }

  private async volunteerFigures(region: string, today: string) {
    let activeVolunteers = 0;
    const volunteersWithFewerThan4Supervisions: DashboardModel['volunteersWithFewerThan4Supervisions'] = [];
    for await (const volunteer of this.scan<VolunteerDocument>('volunteers', {
      regionKey: { $in: regionKeysTouching([region]) },
      status: 'ACTIVE',
    })) {
      activeVolunteers += 1;
      const attended = supervisionsInLast12Months(volunteer, today);
      if (attended < SUPERVISIONS_EXPECTED_PER_YEAR) {
        volunteersWithFewerThan4Supervisions.push({
          volunteerId: volunteer.volunteerId,
          supervisionsInLast12Months: attended,
        });
      }
    }
    return { activeVolunteers, volunteersWithFewerThan4Supervisions };
  }

  private async matchFigures(region: string, today: string) {
    const month = today.slice(0, 7);
    const year = today.slice(0, 4);
    let activeMatches = 0;
    let approvedHoursThisMonth = 0;
    let approvedHoursThisYear = 0;
    const quiet: MatchNeedingAttentionModel[] = [];
    const clientIds = await this.clientIdsIn(region);
    // Matches belong to their client's region; the `$in` list is chunked to keep each query bounded.
    for (let start = 0; start < clientIds.length; start += PAGE) {
      const chunk = clientIds.slice(start, start + PAGE);
      for await (const match of this.scan<MatchDocument>('matches', { clientId: { $in: chunk } })) {
        for (const { month: bucket, hours } of match.approvedHoursByMonth) {
          if (bucket === month) approvedHoursThisMonth += hours;
          if (bucket.startsWith(year)) approvedHoursThisYear += hours;
        }
        if (match.status !== 'ACTIVE') continue;
        activeMatches += 1;
        const since = quietSince(match);
        const days = since === null ? 0 : daysBetween(since, today);
        if (days >= 14) {
          quiet.push({
            matchId: match.matchId,
            volunteerId: match.volunteerId,
            clientId: match.clientId,
            lastMeetingOn: match.lastMeetingOn,
            daysWithoutMeeting: days,
          });
        }
      }
    }
    return {
      activeMatches,
      approvedHoursThisMonth,
      approvedHoursThisYear,
      matchesWithoutMeetingFor14Days: quiet,
      matchesWithoutMeetingFor30Days: quiet.filter((match) => match.daysWithoutMeeting >= 30),
    };
  }

  private async expiringConsents(
    region: string,
    today: string,
  ): Promise<DashboardModel['consentsExpiringWithin30Days']> {
    const horizon = addDays(today, 30);
    const inForce: ConsentDocument[] = [];
    for await (const consent of this.scan<ConsentDocument>(CONSENTS_READ_MODEL, {
      withdrawnOn: null,
      expiresOn: { $gte: today, $lte: horizon },
    })) {
      inForce.push(consent);
    }
    const clients = await this.readSide.documents.getMany<ClientDocument>(
      await this.readSide.collection(CLIENTS_READ_MODEL),
      inForce.map((consent) => consent.clientId),
    );
    // As the reminder sweep: a client who has left or whose data was erased has nothing left to renew.
    const inProgram = (consent: ConsentDocument): boolean => {
      const client = clients.get(consent.clientId)?.data;
      return client?.region === region && client.status !== 'DEPARTED' && !client.erased;
    };
    return inForce
      .filter(inProgram)
      .map((consent) => ({
        clientId: consent.clientId,
        consentId: consent.consentId,
        expiresOn: consent.expiresOn as string,
      }))
      .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  }

  /** The reminder sweep's findings: the same machinery as certificates, kept as ids and codes only. */
  private async dueReminders(region: string): Promise<ReminderModel[]> {
    await ensureRemindersCollection(this.readSide.documents);
    const page = await this.readSide.documents.find(REMINDERS_COLLECTION.name, {
      filter: { regions: { $contains: region } },
      sort: [{ field: 'dueOn', direction: 'asc' }],
      first: DASHBOARD_REMINDERS,
    });
    return page.items.map((item) => item.data as unknown as ReminderModel);
  }

  private async clientIdsIn(region: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const client of this.scan<{ clientId: string } & JsonObject>('match_client_regions', {
      region,
    })) {
      ids.push(client.clientId);
    }
    return ids;
  }

  private async *scan<T extends JsonObject>(model: string, filter: Filter): AsyncGenerator<T> {
    for await (const document of findAllDocuments<T>(this.readSide, model, { filter })) yield document.data;
  }
}
