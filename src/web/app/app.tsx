import { useState } from "react";
import { RouterProvider } from "react-router";
import { createQueryClient } from "../lib/query-client";
import { AppProviders } from "./providers";
import { createRouter } from "./router";

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <AppProviders queryClient={queryClient} router={router}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
