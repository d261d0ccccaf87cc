import { Injectable, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ThrottlerGuard } from '@nestjs/throttler';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from './auth/request-context';

/**
 * Rate limit on mutations only (reads are cheap and audited separately), per signed-in caller, or per client
 * address before sign-in. Over the limit the mutation is refused with TOO_MANY_REQUESTS and nothing runs.
 */
@Injectable()
export class MutationThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    return GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>().parentType.name !== 'Mutation';
  }

  // The base class types these as `Record<string, any>`; ours carry only what the tracker needs.
  protected override getRequestResponse(context: ExecutionContext): {
    req: Record<string, unknown>;
    res: Record<string, unknown>;
  } {
    const { req, reply, principal } = GqlExecutionContext.create(context).getContext<RequestContext>();
    return {
      req: { ip: req.ip, caller: principal?.subject ?? null },
      res: reply as unknown as Record<string, unknown>,
    };
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return typeof req.caller === 'string' ? `caller:${req.caller}` : `ip:${String(req.ip)}`;
  }

  /**
   * One budget per caller for all mutations. The base class keys it by resolver class and method too, which
   * gave each of the thirty-odd mutations a budget of its own.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new GraphQLError('Too many changes in a short time; wait a moment and send again', {
      extensions: { code: 'TOO_MANY_REQUESTS' },
    });
  }
}
