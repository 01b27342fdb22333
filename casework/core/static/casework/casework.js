// Progressive enhancement only: every page works without this script.
import { initAll } from "/static/govuk-frontend.min.js";

initAll();

// Session time-out warning. The server signs a user out after `idle` seconds without a request
// (SessionTimeoutMiddleware); `warning` seconds before that, this dialog offers to stay signed in.
function startTimeoutWarning(dialog) {
  const idle = Number(dialog.dataset.idleSeconds);
  const warning = Number(dialog.dataset.warningSeconds);
  const countdown = dialog.querySelector(".casework-timeout__countdown");
  let signOutAt;
  let warnTimer;
  let tickTimer;

  const describe = (seconds) => {
    if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`;
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const tick = () => {
    const left = Math.max(0, Math.round((signOutAt - Date.now()) / 1000));
    countdown.textContent = describe(left);
    if (left === 0) {
      window.location.reload(); // the server has signed the user out; it shows the sign-in page
      return;
    }
    tickTimer = window.setTimeout(tick, 1000);
  };

  const schedule = () => {
    window.clearTimeout(warnTimer);
    window.clearTimeout(tickTimer);
    signOutAt = Date.now() + idle * 1000;
    warnTimer = window.setTimeout(() => {
      dialog.showModal();
      tick();
    }, (idle - warning) * 1000);
  };

  const staySignedIn = async () => {
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": dialog.dataset.csrfToken },
      credentials: "same-origin",
    });
    if (!response.ok) {
      window.location.reload();
      return;
    }
    dialog.close();
    schedule();
  };
  dialog.querySelector("[data-timeout-action=stay]").addEventListener("click", staySignedIn);
  // Escape means "stay signed in", as in the GOV.UK time-out warning pattern.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  schedule();
}

const dialog = document.getElementById("session-timeout");
if (dialog && typeof dialog.showModal === "function") {
  startTimeoutWarning(dialog);
}
