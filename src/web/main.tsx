// First: starts the first page's requests before the rest of the app has loaded (see boot-requests.ts).
import "./boot-requests";
import "@uswds/uswds/css/uswds.min.css";
import "./styles/app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";

const root = document.getElementById("root");
if (!root) throw new Error("The page has no #root element.");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
