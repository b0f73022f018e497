/**
 * A minimal web chat page: `/?shop=<tenant id>`; the session id lives in localStorage. Style and
 * script are exported on their own so Routes.ts can allow exactly them by hash in the CSP.
 */
export const chatStyle = `body{font:16px system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}#log{min-height:50vh}
.me{text-align:right}.me span,.bot span{display:inline-block;padding:.4rem .7rem;border-radius:1rem;margin:.2rem;background:#eee;white-space:pre-line;text-align:left}
.me span{background:#cde}.quick button{margin:.1rem .2rem;border-radius:1rem}#t{width:80%}
.bot img{display:block;width:16rem;max-width:100%;height:auto;margin:.2rem;border-radius:.8rem;background:#eee}`

// A reply's photo (an image, or the header of a message with buttons) shows as a picture above its text.
export const chatScript = `
const shop = new URLSearchParams(location.search).get("shop") || "";
const session = localStorage.chatshopSession || (localStorage.chatshopSession = crypto.randomUUID());
const log = document.getElementById("log");
const send = (text) => { add("me", text);
  return fetch("/chat/" + encodeURIComponent(shop) + "/messages", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerId: session, text, id: crypto.randomUUID() }) }); };
const picture = (src) => { const img = document.createElement("img"); img.src = src; img.alt = "Product photo";
  img.loading = "lazy"; img.decoding = "async"; img.width = 256; img.height = 256; return img; };
// Quick replies: a tap answers with the button's id as text (the bot reads it as if typed); one tap per row.
const add = (who, text, buttons, image) => { const p = document.createElement("p"); p.className = who;
  if (image) p.append(picture(image));
  if (text) { const s = document.createElement("span"); s.textContent = text; p.append(s); }
  if (buttons) { const row = document.createElement("div"); row.className = "quick";
    for (const b of buttons) { const q = document.createElement("button"); q.type = "button"; q.textContent = b.title;
      q.addEventListener("click", () => { for (const x of row.children) x.disabled = true; send(b.id); }); row.append(q); }
    p.append(row); }
  log.append(p); p.scrollIntoView(); };
const imageOf = (m) => m._tag === "Image" ? m.url : m.image && m.image.url;
const events = new EventSource("/chat/" + encodeURIComponent(shop) + "/events?customer=" + session);
events.addEventListener("reply", (e) => { const m = JSON.parse(e.data).message;
  add("bot", m._tag === "Image" ? m.caption : m.text, m.buttons, imageOf(m)); });
document.getElementById("f").addEventListener("submit", (e) => {
  e.preventDefault(); const t = document.getElementById("t"); const text = t.value.trim(); if (!text) return;
  t.value = ""; send(text);
});
`

export const chatPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>chatshop</title>
<style>${chatStyle}</style></head>
<body><h1>chatshop</h1><div id="log"></div>
<form id="f"><input id="t" autocomplete="off" placeholder="Do you have these boots in 38?"><button>Send</button></form>
<script>${chatScript}</script></body></html>`
