// The operator page: reads /overview, /tasks and /generations every 2 s and renders them. Everything from the
// server is put into the page as text (textContent), never as HTML. The token for the actions stays in this
// browser session only (sessionStorage).
"use strict";

const STATES = ["PENDING", "DELIVERING", "DELIVERED", "FAILED", "EXPIRED", "INVALID", "NOT_FOUND", "CANCELLED"];
const PAGE_SIZE = 20;
const REFRESH_MS = 2000;
let offset = 0;

function $(id) { return document.getElementById(id); }

function token() { return sessionStorage.getItem("kieToken") || ""; }

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  if (className) { node.className = className; }
  return node;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    tr.appendChild(cell instanceof Node ? wrap(cell) : el("td", cell === null || cell === undefined ? "" : cell));
  }
  return tr;
}

function wrap(node) {
  if (node.tagName === "TD") { return node; }
  const td = document.createElement("td");
  td.appendChild(node);
  return td;
}

function fill(tbody, rows) { tbody.replaceChildren(...rows); }

function mib(bytes) {
  if (bytes === null || bytes === undefined) { return ""; }
  return (bytes / 1048576).toFixed(1) + " MiB";
}

function age(iso) {
  if (!iso) { return ""; }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 120) { return seconds + " s"; }
  if (seconds < 7200) { return Math.round(seconds / 60) + " min"; }
  return Math.round(seconds / 3600) + " h";
}

function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ""; }

async function read(path) {
  const answer = await fetch(path, { headers: { "Accept": "application/json" } });
  if (!answer.ok) { throw new Error(path + " answered " + answer.status); }
  return answer.json();
}

function say(text) { $("message").textContent = text; }

async function act(method, path, what) {
  if (!token()) { say("Type the API token first."); return; }
  const answer = await fetch(path, { method: method, headers: { "Authorization": "Bearer " + token() } });
  let reason = "";
  try { reason = (await answer.json()).error || ""; } catch (e) { reason = ""; }
  say(answer.ok ? what + ": done" : what + ": refused (" + answer.status + (reason ? ", " + reason : "") + ")");
  refresh();
}

function button(label, className, onClick) {
  const b = el("button", label, className);
  b.type = "button";
  b.disabled = !token();
  b.addEventListener("click", onClick);
  return b;
}

function actions(buttons) {
  const td = document.createElement("td");
  buttons.forEach(b => td.appendChild(b));
  return td;
}

function counts(list, numbers) {
  list.replaceChildren(...Object.entries(numbers).map(([state, n]) => {
    const li = el("li", state);
    li.dataset.state = state;
    li.appendChild(el("b", n));
    return li;
  }));
}

function renderOverview(overview) {
  counts($("counts"), overview.tasks);
  counts($("generation-counts"), overview.generations);
  const banner = $("account-banner");
  if (overview.account.paused) {
    banner.textContent = "Polling is paused: " + overview.account.reason + " (until " + time(overview.account.until) + ")";
    banner.hidden = false;
  } else {
    banner.hidden = true;
    banner.textContent = "";
  }
  fill($("downloads").tBodies[0], overview.downloads.map(d => {
    const bar = document.createElement("progress");
    bar.dataset.taskId = d.taskId;
    if (d.bytesExpected) { bar.max = d.bytesExpected; bar.value = d.bytesReceived; }
    return row([d.taskId, bar, mib(d.bytesReceived) + (d.bytesExpected ? " of " + mib(d.bytesExpected) : ""),
      mib(d.bytesPerSecond) + "/s", d.secondsLeft === null ? "" : d.secondsLeft + " s"]);
  }));
  $("no-downloads").hidden = overview.downloads.length > 0;
  fill($("deliveries").tBodies[0], overview.latestDeliveries.map(d => {
    const media = d.media || {};
    const thumbnail = document.createElement("td");
    if (d.poster) {
      const img = document.createElement("img");
      img.className = "poster";
      img.alt = "";
      img.src = "/tasks/" + encodeURIComponent(d.taskId) + "/poster";
      thumbnail.appendChild(img);
    }
    return row([thumbnail, d.taskId, d.destination, mib(d.bytes),
      media.durationSeconds ? media.durationSeconds.toFixed(1) + " s" : "",
      media.width ? media.width + "×" + media.height : "",
      [media.videoCodec, media.audioCodec].filter(Boolean).join(" + "), time(d.deliveredAt)]);
  }));
}

function renderTasks(page) {
  fill($("tasks").tBodies[0], page.tasks.map(t => {
    const id = encodeURIComponent(t.taskId);
    const buttons = [];
    if (t.state === "PENDING" || t.state === "DELIVERING") {
      buttons.push(button("Cancel", "cancel", () => act("DELETE", "/tasks/" + id, "Cancel " + t.taskId)));
    }
    if (t.state === "FAILED") {
      buttons.push(button("Retry", "retry", () => act("POST", "/tasks/" + id + "/retry", "Retry " + t.taskId)));
    }
    const tr = row([t.taskId, t.state, age(t.createdAt), t.attempts, time(t.nextPollAt),
      (t.sinksDone || []).join(", "), el("td", t.lastError, "error"), actions(buttons)]);
    tr.dataset.taskId = t.taskId;
    return tr;
  }));
  $("page-info").textContent = page.tasks.length ? "tasks " + (offset + 1) + "–" + (offset + page.tasks.length) : "no tasks";
  $("previous-page").disabled = offset === 0;
  $("next-page").disabled = page.tasks.length < PAGE_SIZE;
}

function renderGenerations(page) {
  fill($("generations").tBodies[0], page.generations.map(g => {
    const id = encodeURIComponent(g.id);
    const buttons = [];
    if (g.state === "UNCERTAIN" || g.state === "REJECTED") {
      buttons.push(button("Resubmit", "resubmit", () => act("POST", "/generations/" + id + "/resubmit", "Resubmit " + g.id)));
    }
    if (g.state !== "SUBMITTED" && g.state !== "CANCELLED") {
      buttons.push(button("Drop", "drop", () => act("DELETE", "/generations/" + id, "Drop " + g.id)));
    }
    const tr = row([g.id, g.musicTaskId + " / " + g.audioId, g.state, g.taskId, el("td", g.lastError, "error"), actions(buttons)]);
    tr.dataset.requestId = g.id;
    return tr;
  }));
}

async function refresh() {
  const state = $("state-filter").value;
  try {
    const [overview, tasks, generations] = await Promise.all([
      read("/overview"),
      read("/tasks?limit=" + PAGE_SIZE + "&offset=" + offset + (state ? "&state=" + encodeURIComponent(state) : "")),
      read("/generations?limit=" + PAGE_SIZE)]);
    renderOverview(overview);
    renderTasks(tasks);
    renderGenerations(generations);
    document.body.dataset.updated = String(Date.now());
  } catch (e) {
    say("Cannot read the bundle: " + e.message);
  }
}

function showTokenState() {
  $("token-state").textContent = token() ? "Actions enabled for this browser session" : "Actions need the token";
}

document.addEventListener("DOMContentLoaded", () => {
  for (const state of STATES) {
    const option = el("option", state);
    option.value = state;
    $("state-filter").appendChild(option);
  }
  $("state-filter").addEventListener("change", () => { offset = 0; refresh(); });
  $("previous-page").addEventListener("click", () => { offset = Math.max(0, offset - PAGE_SIZE); refresh(); });
  $("next-page").addEventListener("click", () => { offset += PAGE_SIZE; refresh(); });
  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem("kieToken", $("token").value.trim());
    $("token").value = "";
    showTokenState();
    refresh();
  });
  $("forget-token").addEventListener("click", () => { sessionStorage.removeItem("kieToken"); showTokenState(); refresh(); });
  showTokenState();
  keepRefreshing();
});

// the next read starts 2 s after the last one ended, so a slow answer is never overtaken by an older one
async function keepRefreshing() {
  await refresh();
  setTimeout(keepRefreshing, REFRESH_MS);
}
