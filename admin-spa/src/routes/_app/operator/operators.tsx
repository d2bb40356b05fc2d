// /operator/operators — who operates the platform; grant and revoke.
import { createFileRoute } from "@tanstack/react-router";
import { OperatorsPage } from "../../../features/operator/OperatorsPage.tsx";
import { operatorsQueryOptions } from "../../../queries/operator.ts";

export const Route = createFileRoute("/_app/operator/operators")({
  loader: ({ context: { queryClient } }) => {
    void queryClient.prefetchQuery(operatorsQueryOptions());
  },
  component: OperatorsPage,
});
