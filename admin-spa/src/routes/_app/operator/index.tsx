// /operator — the operator console's home: every customer organization.
import { createFileRoute } from "@tanstack/react-router";
import { CustomersPage } from "../../../features/operator/CustomersPage.tsx";

export const Route = createFileRoute("/_app/operator/")({
  component: CustomersPage,
});
