// The first page's requests: index.html runs this module before the app (see boot-requests.ts and vite.config.ts).
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
