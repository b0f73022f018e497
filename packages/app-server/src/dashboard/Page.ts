import { dashboardScript } from "./Script.ts"

/**
 * The merchant dashboard (SPEC §5 `GET /dashboard`): one self-contained page over the admin API.
 * Style and script are exported on their own so Routes.ts can allow exactly them by hash in the CSP.
 */
export const dashboardStyle = `
:root{font:15px/1.4 system-ui,sans-serif;color:#1d2330;background:#f6f7f9}
body{margin:0}
header{display:flex;gap:1rem;align-items:center;padding:.6rem 1rem;background:#22324a;color:#fff}
header h1{font-size:1.1rem;margin:0;flex:1}
main{max-width:72rem;margin:1rem auto;padding:0 1rem}
section.card,#login{background:#fff;border:1px solid #d8dce3;border-radius:.5rem;padding:1rem}
nav{display:flex;gap:.3rem;margin-bottom:.6rem}
nav button{border:1px solid #c4cad4;background:#fff;padding:.4rem .9rem;border-radius:.4rem}
nav button[aria-selected=true]{background:#22324a;color:#fff}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6eb;vertical-align:top}
td.num{font-variant-numeric:tabular-nums}
tr.pick{cursor:pointer}tr.pick:hover{background:#eef3fb}tr.on{background:#dde8f8}
.status{font-size:.8rem;padding:.05rem .45rem;border-radius:.6rem;background:#e6e8ec;white-space:nowrap}
.status.paid,.status.fulfilled{background:#d6f0d8}.status.payment_review{background:#fbeec8}
.status.cancelled,.status.expired{background:#f3d6d6}
.error{color:#a40000;font-weight:600;min-height:1.2em;margin:.3rem 0}
.notice{color:#1f6b2a;min-height:1.2em;margin:.3rem 0}
.panel{background:#fafbfc;border:1px solid #d8dce3;border-radius:.5rem;padding:.8rem;margin-top:1rem}
.panel h3{margin-top:0}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:.6rem}
.actions fieldset{border:1px solid #d8dce3;border-radius:.4rem;display:flex;gap:.4rem;align-items:center}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.4rem 0}dt{color:#5a6372}dd{margin:0}
#messages{display:flex;flex-direction:column;gap:.3rem;max-height:24rem;overflow:auto;margin:.6rem 0}
.msg{padding:.35rem .7rem;border-radius:.7rem;background:#eceef2;max-width:75%}
.msg.bot{background:#e1ebfa;align-self:flex-end}.msg.human{background:#d9f2dc;align-self:flex-end}
.msg small{display:block;color:#5a6372}.msg p{margin:0;white-space:pre-wrap}
textarea{width:100%;min-height:4rem;box-sizing:border-box}
input[type=number]{width:5rem}
[hidden]{display:none!important}
`

const statuses = ["placed", "payment_review", "paid", "fulfilled", "cancelled", "expired", "draft"]

export const dashboardPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>chatshop dashboard</title>
<style>${dashboardStyle}</style></head>
<body>
<header><h1>chatshop — merchant dashboard</h1><span id="shop"></span>
<button id="signout" type="button" hidden>Sign out</button></header>
<main>
<section id="login">
<h2>Sign in</h2>
<form id="login-form"><label for="key">Shop API key</label>
<input id="key" type="password" autocomplete="off" placeholder="csk_…" size="50">
<button type="submit">Open dashboard</button></form>
<p id="login-error" class="error" role="alert"></p>
<p>The key stays in this browser tab only (sessionStorage) until you sign out or close the tab.</p>
</section>
<div id="app" hidden>
<nav><button type="button" data-tab="orders">Orders</button><button type="button" data-tab="conversations">Conversations</button><button type="button" data-tab="inventory">Inventory</button></nav>
<p id="error" class="error" role="alert"></p><p id="notice" class="notice" role="status"></p>
<section id="orders" class="tab card">
<form id="orders-filter"><label for="order-status">Status</label>
<select id="order-status"><option value="">all</option>${statuses.map((s) => `<option value="${s}">${s.replace("_", " ")}</option>`).join("")}</select>
<button type="submit">Refresh</button></form>
<table><thead><tr><th>Order</th><th>Status</th><th>Customer</th><th>Total</th><th>Placed</th></tr></thead>
<tbody id="order-rows"></tbody></table>
<p id="orders-empty" hidden>No orders.</p>
<div id="order-detail" class="panel" hidden></div>
</section>
<section id="conversations" class="tab card" hidden>
<button id="conversations-refresh" type="button">Refresh</button>
<table><thead><tr><th>Customer</th><th>Channel</th><th>Answered by</th><th>Messages</th><th>Last message in</th></tr></thead>
<tbody id="conversation-rows"></tbody></table>
<p id="conversations-empty" hidden>No conversations.</p>
<div id="conversation-detail" class="panel" hidden></div>
</section>
<section id="inventory" class="tab card" hidden>
<button id="inventory-refresh" type="button">Refresh</button>
<table><thead><tr><th>Product</th><th>Sku</th><th>Options</th><th>Price</th><th>On hand</th><th>Reserved</th><th>Available</th><th>Restock</th></tr></thead>
<tbody id="stock-rows"></tbody></table>
<p id="stock-empty" hidden>No products.</p>
</section>
</div>
</main>
<script>${dashboardScript}</script>
</body></html>`
