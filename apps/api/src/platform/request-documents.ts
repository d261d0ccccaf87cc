import DataLoader from 'dataloader';
import type { JsonObject } from '@app/read-models';
import type { RequestContext } from './auth/request-context';
import type { ReadSide } from './read-side';

/** Per request, one loader per read model: kept with the request's context and collected with it. */
const loadersByRequest = new WeakMap<RequestContext, Map<string, DataLoader<string, JsonObject | null>>>();

/**
 * Documents of a read model by id, for field resolvers under a list: each asks for its own ids, and the ids
 * asked for in the same tick are read in one `getMany`, each once per request (a page of 100 sessions or
 * volunteers reads their attendees or matches in one round trip, not 100).
 */
export function requestDocuments<T extends JsonObject>(
  context: RequestContext,
  readSide: ReadSide,
  model: string,
): DataLoader<string, T | null> {
  let loaders = loadersByRequest.get(context);
  if (loaders === undefined) {
    loaders = new Map();
    loadersByRequest.set(context, loaders);
  }
  let loader = loaders.get(model);
  if (loader === undefined) {
    loader = new DataLoader<string, JsonObject | null>(async (ids) => {
      const found = await readSide.documents.getMany(await readSide.collection(model), ids);
      return ids.map((id) => found.get(id)?.data ?? null);
    });
    loaders.set(model, loader);
  }
  return loader as DataLoader<string, T | null>;
}
