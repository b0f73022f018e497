/** A minimal web chat page: `/?shop=<tenant id>`; the session id lives in localStorage. */
export const chatPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>chatshop</title>
<style>body{font:16px system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}#log{min-height:50vh}
.me{text-align:right}.me span,.bot span{display:inline-block;padding:.4rem .7rem;border-radius:1rem;margin:.2rem;background:#eee}
.me span{background:#cde}</style></head>
<body><h1>chatshop</h1><div id="log"></div>
<form id="f"><input id="t" autocomplete="off" style="width:80%" placeholder="Do you have these boots in 38?"><button>Send</button></form>
<script>
const shop = new URLSearchParams(location.search).get("shop") || "";
const session = localStorage.chatshopSession || (localStorage.chatshopSession = crypto.randomUUID());
const log = document.getElementById("log");
const add = (who, text) => { const p = document.createElement("p"); p.className = who; const s = document.createElement("span"); s.textContent = text; p.append(s); log.append(p); };
const events = new EventSource("/chat/" + encodeURIComponent(shop) + "/events?customer=" + session);
events.addEventListener("reply", (e) => { const m = JSON.parse(e.data).message; add("bot", m.text || m.caption || m.url || JSON.stringify(m)); });
document.getElementById("f").addEventListener("submit", async (e) => {
  e.preventDefault(); const t = document.getElementById("t"); const text = t.value.trim(); if (!text) return;
  t.value = ""; add("me", text);
  await fetch("/chat/" + encodeURIComponent(shop) + "/messages", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerId: session, text, id: crypto.randomUUID() }) });
});
</script></body></html>`
