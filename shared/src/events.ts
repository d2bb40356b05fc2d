// Messages on the Worker's queues, validated with zod by producer and consumer alike.
import { z } from "zod";

/** Sent by the health check to prove the queue → consumer chain end to end. */
export const probeMessageSchema = z.object({
  type: z.literal("probe"),
  id: z.string().uuid(),
  sentAt: z.number().int(),
});
export type ProbeMessage = z.infer<typeof probeMessageSchema>;

export const PROBE_KV_PREFIX = "probe:";
