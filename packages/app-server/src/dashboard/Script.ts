/**
 * The dashboard's browser code: vanilla JS talking only to `/api/v1` with the pasted key. Every
 * piece of data is rendered through `el` (text nodes and properties, never HTML), so nothing a
 * customer typed can become markup. Kept free of backticks and backslashes: it sits in a template.
 */
export const dashboardScript = `
"use strict";
const KEY = "chatshopApiKey";
const $ = (id) => document.getElementById(id);
const current = { order: null, conversation: null };

/** An element with properties, listeners ("on") and children; strings become text nodes. */
const el = (tag, props, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "on") for (const [event, f] of Object.entries(v)) node.addEventListener(event, f);
    else if (k === "class") node.className = v;
    else if (k.startsWith("data-") || k.startsWith("aria-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
};
const money = (m) => (m ? m.amount + " " + m.currency : "—");
const when = (iso) => (iso === null || iso === undefined ? "—" : new Date(iso).toLocaleString());
const words = (s) => String(s).split("_").join(" ");
const badge = (status) => el("span", { class: "status " + status }, words(status));
const say = (id, text) => { $(id).textContent = text; };
const path = (...parts) => parts.map((p, i) => (i % 2 === 1 ? encodeURIComponent(p) : p)).join("");

class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/** One admin API call; a 401 sends the merchant back to the key prompt. */
const api = async (method, url, body) => {
  let response;
  try {
    response = await fetch("/api/v1" + url, {
      method,
      headers: Object.assign({ authorization: "Bearer " + (sessionStorage.getItem(KEY) || "") },
        method === "GET" ? {} : { "content-type": "application/json" }),
      body: method === "GET" ? undefined : JSON.stringify(body || {})
    });
  } catch (e) {
    throw new ApiError(0, "network", "the server did not answer (" + e.message + ")");
  }
  const text = await response.text();
  let json = null;
  try { json = text === "" ? null : JSON.parse(text); } catch (e) { json = null; }
  if (response.ok) return json;
  const error = json && json.error ? json.error : {};
  const failure = new ApiError(response.status, error.code || "http_" + response.status,
    error.message || text.slice(0, 200) || response.statusText);
  if (response.status === 401) signOut("This key was not accepted: " + failure.message + ". Paste a valid API key.");
  throw failure;
};

const describe = (label, e) => {
  if (!(e instanceof ApiError)) return label + " failed: " + (e && e.message ? e.message : String(e));
  if (e.status === 403) return "read-only key: " + label + " needs a staff or owner key (" + e.message + ")";
  if (e.status === 0) return label + " failed: " + e.message;
  return label + " failed: " + e.message + " (" + e.code + ", HTTP " + e.status + ")";
};

/** One merchant action: its button is disabled meanwhile, and a failure is shown as one line. */
const act = async (label, button, run, where) => {
  say("error", ""); say("notice", "");
  if (button) button.disabled = true;
  try {
    await run();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) say(where || "error", describe(label, e));
  } finally {
    if (button) button.disabled = false;
  }
};
const button = (label, attrs, run) => {
  const b = el("button", Object.assign({ type: "button" }, attrs), label);
  b.addEventListener("click", () => act(label, b, run));
  return b;
};

function signOut(message) {
  sessionStorage.removeItem(KEY);
  current.order = null; current.conversation = null;
  $("app").hidden = true; $("signout").hidden = true; $("login").hidden = false;
  for (const id of ["shop", "error", "notice"]) say(id, "");
  for (const id of ["order-rows", "order-detail", "conversation-rows", "conversation-detail", "stock-rows"]) $(id).replaceChildren();
  $("order-detail").hidden = true; $("conversation-detail").hidden = true;
  $("key").value = "";
  say("login-error", message || "");
  $("key").focus();
}

const openDashboard = async () => {
  const shop = await api("GET", "/shop");
  say("shop", shop.name);
  say("login-error", "");
  $("login").hidden = true; $("app").hidden = false; $("signout").hidden = false;
  await showTab("orders");
};

// Orders ------------------------------------------------------------------------------------------
const customerOf = (c) => [c.name, c.phone].filter(Boolean).join(", ") || c.customerId;
const facts = (pairs) => el("dl", {}, ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
  .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));

const loadOrders = async () => {
  const status = $("order-status").value;
  const list = await api("GET", "/orders" + (status ? "?status=" + encodeURIComponent(status) : ""));
  $("order-rows").replaceChildren(...list.map((o) => el("tr", {
    class: "pick" + (o.id === current.order ? " on" : ""), "data-id": o.id,
    on: { click: () => act("Open order " + o.id, null, () => showOrder(o.id)) }
  }, el("td", {}, o.id), el("td", {}, badge(o.status)), el("td", {}, customerOf(o.customer)),
    el("td", {}, money(o.total)), el("td", {}, when(o.placedAt)))));
  $("orders-empty").hidden = list.length > 0;
};
const showOrder = async (id) => renderOrder(await api("GET", path("/orders/", id)));

const payment = (p) => el("p", { class: "payment" }, "Payment " + words(p.decision) + " (submitted " + when(p.submittedAt) + "): " +
  [p.evidence.amount ? money(p.evidence.amount) : "no amount", p.evidence.reference ? "ref " + p.evidence.reference : "no reference",
    p.evidence.payer ? "from " + p.evidence.payer : null].filter(Boolean).join(", ") +
  "; score " + p.assessment.score.toFixed(2) + " of " + p.assessment.threshold.toFixed(2) +
  (p.assessment.reasons.length ? "; " + p.assessment.reasons.map(words).join(", ") : "") + (p.note ? "; " + p.note : ""));

const orderAction = (o, label, suffix, body) => button(label, {}, async () => {
  const next = await api("POST", path("/orders/", o.id) + suffix, body ? body() : {});
  renderOrder(next);
  say("notice", "Order " + next.id + " is now " + words(next.status) + ".");
  await loadOrders();
});
const field = (label, attrs) => {
  const input = el("input", Object.assign({ "aria-label": label, placeholder: label }, attrs));
  return { input, value: () => input.value.trim() };
};
const orderActions = (o) => {
  const out = [];
  if (o.status === "placed") {
    const amount = field("Amount paid", { placeholder: o.total.amount, size: 8 });
    const reference = field("Bank reference", { size: 14 });
    out.push(el("fieldset", {}, el("legend", {}, "Payment received"), amount.input, reference.input,
      orderAction(o, "Record payment", "/payment", () => Object.assign({},
        amount.value() ? { amount: { amount: amount.value(), currency: o.total.currency } } : {},
        reference.value() ? { reference: reference.value() } : {}))));
  }
  if (o.status === "payment_review") {
    const reason = field("Why rejected", { size: 20 });
    out.push(orderAction(o, "Approve payment", "/payment/approve"));
    out.push(el("fieldset", {}, reason.input, orderAction(o, "Reject payment", "/payment/reject", () => {
      if (!reason.value()) throw new Error("write why the payment is rejected");
      return { reason: reason.value() };
    })));
  }
  if (o.status === "paid") out.push(orderAction(o, "Mark fulfilled", "/fulfil"));
  if (o.status === "placed" || o.status === "draft") {
    const reason = field("Cancel reason", { size: 16 });
    out.push(el("fieldset", {}, reason.input, orderAction(o, "Cancel order", "/cancel",
      () => (reason.value() ? { reason: reason.value() } : {}))));
  }
  if (out.length === 0) out.push(el("span", {}, "No actions for a " + words(o.status) + " order."));
  return out;
};
const renderOrder = (o) => {
  current.order = o.id;
  const f = o.fields || {};
  $("order-detail").replaceChildren(
    el("h3", {}, "Order " + o.id + " ", badge(o.status)),
    facts([["Customer", customerOf(o.customer)], ["City", f.city], ["Delivery", f.delivery], ["Address", f.address],
      ["Placed", o.placedAt && when(o.placedAt)], ["Held until", o.holdUntil && when(o.holdUntil)], ["Closed", o.closeReason]]),
    el("table", {}, el("thead", {}, el("tr", {}, ...["Item", "Sku", "Size", "Colour", "Qty", "Unit price"].map((h) => el("th", {}, h)))),
      el("tbody", {}, ...o.lines.map((l) => el("tr", {}, el("td", {}, l.title), el("td", {}, l.sku), el("td", {}, l.size || ""),
        el("td", {}, l.color || ""), el("td", { class: "num" }, l.qty), el("td", { class: "num" }, money(l.unitPrice)))))),
    el("p", { class: "total" }, "Total: " + money(o.total)),
    ...o.payments.map(payment),
    el("div", { class: "actions" }, ...orderActions(o)));
  $("order-detail").hidden = false;
  for (const tr of $("order-rows").children) tr.classList.toggle("on", tr.dataset.id === o.id);
};

// Conversations -----------------------------------------------------------------------------------
const answeredBy = (c) => (c.owner === "human" ? "a person (handoff)" : "the bot");
const loadConversations = async () => {
  const list = await api("GET", "/conversations");
  $("conversation-rows").replaceChildren(...list.map((c) => el("tr", {
    class: "pick" + (c.id === current.conversation ? " on" : ""), "data-id": c.id,
    on: { click: () => act("Open conversation", null, () => showConversation(c.id)) }
  }, el("td", {}, c.customerId), el("td", {}, c.channel), el("td", {}, answeredBy(c)),
    el("td", { class: "num" }, c.messageCount), el("td", {}, when(c.lastInboundAt)))));
  $("conversations-empty").hidden = list.length > 0;
};
const showConversation = async (id) => {
  const [c, messages] = await Promise.all([api("GET", path("/conversations/", id)), api("GET", path("/conversations/", id, "/messages"))]);
  current.conversation = c.id;
  const reply = el("textarea", { id: "reply", "aria-label": "Reply to the customer", placeholder: "Write a reply as a person…" });
  const send = el("button", { type: "submit" }, "Send reply");
  const form = el("form", { id: "reply-form" }, reply, send);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    act("Send reply", send, async () => {
      const text = reply.value.trim();
      if (!text) throw new Error("write a reply first");
      await api("POST", path("/conversations/", c.id, "/messages"), { text });
      await showConversation(c.id);
      say("notice", "Reply queued for sending to " + c.customerId + ".");
      await loadConversations();
    });
  });
  const on = c.owner === "bot";
  $("conversation-detail").replaceChildren(
    el("h3", {}, "Conversation with " + c.customerId + " (" + c.channel + ")"),
    el("p", { id: "owner" }, c.owner === "human"
      ? "A person is answering (handoff by " + (c.handoff ? c.handoff.by + ", " + when(c.handoff.at) : "staff") + "); the bot stays quiet."
      : "The bot is answering."),
    button(on ? "Take over (handoff on)" : "Hand back to the bot", { id: "handoff", "aria-pressed": String(!on) }, async () => {
      await api("POST", path("/conversations/", c.id, "/handoff"), { on });
      await showConversation(c.id);
      say("notice", on ? "You are answering this customer now." : "The bot is answering again.");
      await loadConversations();
    }),
    el("div", { id: "messages" }, ...(messages.length === 0 ? [el("p", {}, "No messages yet.")] : messages.map((m) =>
      el("div", { class: "msg " + m.sender }, el("small", {}, m.sender + " · " + when(m.at) + (m.nudge ? " · nudge" : "")), el("p", {}, m.text))))),
    form);
  $("conversation-detail").hidden = false;
  for (const tr of $("conversation-rows").children) tr.classList.toggle("on", tr.dataset.id === c.id);
};

// Inventory ---------------------------------------------------------------------------------------
const stockRow = (p, v, level) => {
  const cells = ["onHand", "reserved", "available"].map((k) => [k, el("td", { class: "num " + k })]);
  const fill = (l) => { for (const [k, td] of cells) td.textContent = String(l[k]); };
  fill(level);
  const qty = el("input", { type: "number", min: "1", step: "1", value: "1", "aria-label": "Restock quantity for " + v.sku });
  const restock = button("Restock", { "aria-label": "Restock " + v.sku }, async () => {
    const n = Number(qty.value);
    if (!Number.isInteger(n) || n < 1) throw new Error("enter a whole number of items, 1 or more");
    const l = await api("POST", path("/inventory/", v.sku) + "/restock", { qty: n });
    fill(l);
    say("notice", "Restocked " + v.sku + " by " + n + ": " + l.onHand + " on hand, " + l.available + " available.");
  });
  const options = v.options || {};
  return el("tr", { "data-sku": v.sku }, el("td", {}, p.title), el("td", {}, v.sku),
    el("td", {}, [options.size, options.color].filter(Boolean).join(" / ")), el("td", {}, money(v.price || p.price)),
    ...cells.map(([, td]) => td), el("td", {}, qty, " ", restock));
};
const loadInventory = async () => {
  const products = await api("GET", "/products");
  const variants = products.flatMap((p) => p.variants.map((v) => [p, v]));
  const levels = await Promise.all(variants.map(([, v]) => api("GET", path("/inventory/", v.sku))));
  $("stock-rows").replaceChildren(...variants.map(([p, v], i) => stockRow(p, v, levels[i])));
  $("stock-empty").hidden = variants.length > 0;
};

// Wiring ------------------------------------------------------------------------------------------
const loaders = { orders: loadOrders, conversations: loadConversations, inventory: loadInventory };
const showTab = async (tab) => {
  for (const b of document.querySelectorAll("nav button")) b.setAttribute("aria-selected", String(b.dataset.tab === tab));
  for (const s of document.querySelectorAll("section.tab")) s.hidden = s.id !== tab;
  await loaders[tab]();
};
for (const b of document.querySelectorAll("nav button")) {
  b.addEventListener("click", () => act("Loading " + b.textContent.toLowerCase(), b, () => showTab(b.dataset.tab)));
}
$("orders-filter").addEventListener("submit", (e) => { e.preventDefault(); act("Loading orders", e.submitter, loadOrders); });
$("order-status").addEventListener("change", () => act("Loading orders", null, loadOrders));
$("conversations-refresh").addEventListener("click", (e) => act("Loading conversations", e.currentTarget, loadConversations));
$("inventory-refresh").addEventListener("click", (e) => act("Loading inventory", e.currentTarget, loadInventory));
$("signout").addEventListener("click", () => signOut("Signed out."));
$("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const key = $("key").value.trim();
  if (!key) { say("login-error", "Paste your shop's API key first."); return; }
  sessionStorage.setItem(KEY, key);
  signIn(e.submitter);
});
// A key that does not open the dashboard is not kept.
const signIn = (trigger) => act("Sign in", trigger, async () => {
  try { await openDashboard(); } catch (error) { sessionStorage.removeItem(KEY); throw error; }
}, "login-error");
if (sessionStorage.getItem(KEY)) signIn(null);
else $("key").focus();
`
