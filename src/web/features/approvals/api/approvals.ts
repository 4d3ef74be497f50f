import { useQuery } from "@tanstack/react-query";
import { approvalsList } from "../../../../shared/contract/approvals";
import { api } from "../../../lib/api-client";
import { taskKeys } from "../../../lib/query-keys";

export type { ApprovalItem, ApprovalsList } from "../../../../shared/contract/approvals";

/** What awaits the supervisor's decision; under the tasks' key, so a decision anywhere (which closes its task) refreshes it. */
export const useApprovals = () =>
  useQuery({
    queryKey: [...taskKeys.all, "approvals"] as const,
    queryFn: () => api.get("/api/v1/approvals", { schema: approvalsList }),
  });
