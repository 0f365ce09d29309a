import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as s,b as g}from"./chunk-BFHQFSKU.js";import{setFlagsFromString as p}from"node:v8";p("--no-sparkplug");p("--no-maglev");var i=[],e={info:r=>process.stdout.write(`${r}
`),debug:()=>{},notice:r=>process.stdout.write(`${r}
`),warning:r=>process.stderr.write(`warning: ${r}
`),error:r=>process.stderr.write(`error: ${r}
`),group:(r,t)=>t()};function u(r){e=r;for(let t of i)e.secret?.(t)}function d(r){!r||i.includes(r)||(i.push(r),e.secret?.(r))}function n(r){return s(i.reduce((t,o)=>g(t,o),r))}var f={info:r=>e.info(n(r)),debug:r=>e.debug(n(r)),notice:(r,t)=>e.notice(n(r),t),warning:(r,t)=>e.warning(n(r),t),error:(r,t)=>e.error(n(r),t),group:(r,t,o)=>e.group(n(r),t,o)};export{u as a,d as b,n as c,f as d};
