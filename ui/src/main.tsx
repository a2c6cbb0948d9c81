import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import "./i18n";
import { App } from "./App";
import { mirrorBlockedStyles } from "./shell/cspStyles";
import { applyInitialTheme } from "./shell/theme";
import "./styles.css";

applyInitialTheme();
mirrorBlockedStyles();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
