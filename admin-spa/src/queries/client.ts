import { QueryClient } from "@tanstack/react-query";
import { ApiRequestError } from "../api/client.ts";

const MAX_RETRIES = 2;

/** Retry what may succeed on a second try (network, 5xx, 408, 429); never other client errors. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (!(error instanceof ApiRequestError)) return false;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry },
      mutations: { retry: false },
    },
  });
}
