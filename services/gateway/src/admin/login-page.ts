/** A minimal page where an operator pastes an IdP token to open Bull Board in the browser. */
export function loginPage(message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bookshelf operators</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}
textarea{width:100%;height:8rem;font-family:monospace}button{margin-top:1rem;padding:.5rem 1.5rem}.msg{color:#a40}</style></head>
<body><h1>Bookshelf queues</h1><p class="msg">${escaped}</p>
<p>Paste an access token from the identity provider with the <code>operator</code> role.
It is exchanged for a short-lived session cookie; the token itself is not stored.</p>
<form method="post" action="/admin/session"><textarea name="token" required autocomplete="off"></textarea>
<button type="submit">Open Bull Board</button></form></body></html>`;
}
