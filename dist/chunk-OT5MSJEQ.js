import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
function t(n,r){return`${n} ${r}${n===1?"":"s"}`}function i(n,r){return r?`${n}
What to do: ${r}`:n}function e(n){let r=n.search(/\.(\s|$)/);return r<0?n:n.slice(0,r+1)}function o(n){return n.length<2?n.join(""):`${n.slice(0,-1).join(", ")} or ${n.at(-1)}`}function s(n){return n.replace(/\x1b\[[0-9;]*m/g,"")}function u(n){return n.replace(/\.+$/,"")}export{t as a,i as b,e as c,o as d,s as e,u as f};
