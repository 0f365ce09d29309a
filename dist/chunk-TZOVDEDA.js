import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
function i(e,r,n,t){return{severity:e,message:r,...n&&{hint:n},...t&&{location:t}}}function o(e){return{errors:e.filter(r=>r.severity==="error").length,warnings:e.filter(r=>r.severity==="warning").length}}export{i as a,o as b};
