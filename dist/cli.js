#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as C,b as T,c as M,d as P,e as f,f as m,g as d,h,i as U,j as F,l as L}from"./chunk-JAWLWRFJ.js";import{a as I,c as $}from"./chunk-5ZYL56PF.js";import"./chunk-444KJAW2.js";import"./chunk-A7FTA6EC.js";import"./chunk-5TFOCHUY.js";import{f as N}from"./chunk-AD7NMKGC.js";import{q as j}from"./chunk-LIUXUXV5.js";import{h as E}from"./chunk-CF3DY2VR.js";import"./chunk-TZOVDEDA.js";import{g as _}from"./chunk-52L6DKAA.js";import"./chunk-KF36E73I.js";import"./chunk-3EXGJVEJ.js";import"./chunk-BFHQFSKU.js";import{c as O}from"./chunk-QJUQBE7F.js";import{a as b}from"./chunk-OT5MSJEQ.js";import"./chunk-JIAG4PFQ.js";import{existsSync as fe,readFileSync as de,statSync as he,writeFileSync as Z}from"node:fs";import ge from"node:path";var te="primatomic-view/run@1",R=e=>({severity:e.severity,..."rule"in e&&{rule:e.rule},message:e.message,...e.hint&&{hint:e.hint},...e.location&&{file:m(e.location.file),line:e.location.line}}),B=e=>e.map(t=>({id:t.id,title:t.title,status:t.status,...t.skippedBecause&&{skippedBecause:t.skippedBecause},findings:t.findings.map(R)}));function G(e,t){let{built:n,validation:i,conformance:o,deploy:s}=e,r=Object.fromEntries(d.map(a=>[a,e.statusOf(a)]));return{schema:te,tool:{name:"primatomic-view",version:f},command:t,ok:!e.failed,exitCode:e.exitCode,failures:e.failures,outputs:L(e),inputs:{status:r.inputs,errors:e.inputErrors.map(a=>({input:a.input,message:a.message,...a.location&&{file:m(a.location.file),line:a.location.line}})),warnings:e.inputWarnings},build:{status:r.build,...e.notRun.has("build")&&{reason:e.notRun.get("build")},...n?.ok&&{language:n.result.language.id,component:n.result.componentPath,tools:n.result.tools,steps:n.result.steps,findings:n.result.warnings.map(R)},...n&&!n.ok&&{language:n.language.id,error:{message:n.error.message,hint:n.error.hint,command:n.error.command},findings:n.diagnostics.map(R)}},validation:{status:r.validation,...e.notRun.has("validation")&&{reason:e.notRun.get("validation")},...i&&{component:{path:i.facts.path,size:i.facts.stat.kind==="file"?i.facts.stat.size:void 0,sha256:i.facts.sha256,language:i.facts.language?.id,imports:[...i.facts.structure?.imports.keys()??[]],exports:[...i.facts.structure?.exports.keys()??[]]},validator:i.validator,errors:i.errors,warnings:i.warnings,rules:B(i.results)}},conformance:{status:r.conformance,...e.notRun.has("conformance")&&{reason:e.notRun.get("conformance")},...o&&{errors:o.errors,warnings:o.warnings,rules:B(o.results),...o.stats&&{stats:{events:o.stats.events,appendMeanMs:o.stats.appendMeanMs,snapshotBytes:o.stats.snapshotBytes,memoryBytes:o.stats.memoryBytes,loadMs:o.stats.loadMs,runMs:o.stats.runMs},queries:o.stats.queries.map(a=>({line:a.line,input:Buffer.from(a.input).toString("base64"),...a.expect&&{expect:Buffer.from(a.expect).toString("base64")},...a.answer&&{answer:Buffer.from(a.answer).toString("base64")}}))}}},deploy:{status:r.deploy,...s&&!s.ran&&{reason:s.reason},...s?.ran&&{outcome:s.result.outcome,viewName:s.result.viewName,viewUrl:s.result.viewUrl,viewId:s.result.viewId,message:s.result.message,...s.result.hint&&{hint:s.result.hint},...s.verify&&{verify:{ok:s.verify.ok,message:s.verify.message}}}}}}var g=e=>e.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,"").replaceAll("&","&amp;").replaceAll("<","&lt;").replaceAll(">","&gt;").replaceAll('"',"&quot;"),J=e=>`${e.location?`${m(e.location.file)}:${e.location.line}: `:""}${e.severity}: ${e.message}`+(e.hint?`
  = help: ${e.hint}`:"");function D(e,t){return t.map(n=>({name:`${n.id}: ${n.title}`,classname:`primatomic.${e}`,...n.status==="fail"&&{failure:n.findings.map(J).join(`
`)},...n.status==="skipped"&&{skipped:n.skippedBecause??"skipped"}}))}function V(e){let t=[];if(e.built){let s=e.built,r=s.ok?void 0:[s.error.message,...s.diagnostics.map(J)].join(`
`);t.push({name:"build",cases:[{name:"build",classname:"primatomic.build",...r&&{failure:r}}]})}if(e.validation?t.push({name:"validation",cases:D("validation",e.validation.results)}):e.notRun.has("validation")&&t.push({name:"validation",cases:[{name:"validation",classname:"primatomic.validation",skipped:e.notRun.get("validation")}]}),e.conformance&&t.push({name:"conformance",cases:D("conformance",e.conformance.results)}),e.deploy?.ran){let{result:s,verify:r}=e.deploy,a=s.outcome==="failed"?s.message:r&&!r.ok?r.message:void 0;t.push({name:"deploy",cases:[{name:"deploy",classname:"primatomic.deploy",...a&&{failure:a}}]})}let n=(s,r)=>s.filter(a=>a[r]!==void 0).length,i=s=>`tests="${s.length}" failures="${n(s,"failure")}" skipped="${n(s,"skipped")}"`,o=['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="primatomic-view" ${i(t.flatMap(s=>s.cases))}>`];for(let s of t){o.push(`  <testsuite name="${s.name}" ${i(s.cases)}>`);for(let r of s.cases){let a=`    <testcase classname="${g(r.classname)}" name="${g(r.name)}"`;if(r.failure!==void 0){let l=r.failure.split(`
`)[0]??"";o.push(`${a}>`,`      <failure message="${g(l)}">${g(r.failure)}</failure>`,"    </testcase>")}else r.skipped!==void 0?o.push(`${a}>`,`      <skipped message="${g(r.skipped)}"/>`,"    </testcase>"):o.push(`${a}/>`)}o.push("  </testsuite>")}return o.push("</testsuites>",""),o.join(`
`)}var y=["js","ts","python","rust","go"],A="my-view",W={js:[{file:"package.json",text:`{ "name": "my-view", "type": "module", "main": "view.js" }
`},{file:"view.js",text:`let count = 0; // the state: how many events the view has seen
const bytes = (text) => new TextEncoder().encode(text); // answers are bytes (a Uint8Array), never strings

export const machine = {
  init() { count = 0; }, // once, before anything else
  append(event) { count += 1; }, // event: Uint8Array
  query(input) { return bytes(String(count)); }, // input: Uint8Array, returns a Uint8Array
  snapshot() { return bytes(String(count)); }, // the whole state
  restore(snapshot) { count = Number(new TextDecoder().decode(snapshot)); }, // replaces the state
};
`}],ts:[{file:"package.json",text:`{ "name": "my-view", "type": "module", "main": "src/index.ts" }
`},{file:"src/index.ts",text:`let count = 0;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export const machine = {
  init(): void { count = 0; },
  append(_event: Uint8Array): void { count += 1; },
  query(_input: Uint8Array): Uint8Array { return bytes(String(count)); },
  snapshot(): Uint8Array { return bytes(String(count)); },
  restore(snapshot: Uint8Array): void { count = Number(new TextDecoder().decode(snapshot)); },
};
`}],python:[{file:"pyproject.toml",text:`[project]
name = "my-view"
version = "0.1.0"
`},{file:"app.py",text:`from wit_world import exports  # generated by componentize-py from the WIT

count = 0  # the state lives in the module: componentize-py makes a new Machine for every call


class Machine(exports.Machine):
    def init(self) -> None:
        global count
        count = 0

    def append(self, event: bytes) -> None:
        global count
        count += 1

    def query(self, input: bytes) -> bytes:
        return str(count).encode()

    def snapshot(self) -> bytes:
        return str(count).encode()

    def restore(self, snapshot: bytes) -> None:
        global count
        count = int(snapshot)
`}],rust:[{file:"Cargo.toml",text:`[package]
name = "my-view"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]

[dependencies]
wit-bindgen = "0.46"
`},{file:"src/lib.rs",text:`wit_bindgen::generate!({ path: "wit", world: "state-machine" }); // the bindings, from wit/machine.wit
use exports::primatomic::machine::machine::Guest;
use std::cell::Cell;

thread_local! { static COUNT: Cell<u64> = const { Cell::new(0) }; } // the state

struct View;
impl Guest for View {
    fn init() { COUNT.set(0) }
    fn append(_event: Vec<u8>) { COUNT.set(COUNT.get() + 1) }
    fn query(_input: Vec<u8>) -> Vec<u8> { COUNT.get().to_string().into_bytes() }
    fn snapshot() -> Vec<u8> { COUNT.get().to_string().into_bytes() }
    fn restore(snapshot: Vec<u8>) { COUNT.set(String::from_utf8_lossy(&snapshot).parse().unwrap_or(0)) }
}
export!(View);
`}],go:[{file:"go.mod",text:`module example.com/my-view

go 1.24
`},{file:"main.go",text:`package main

import "strconv"

var count int // the state: how many events the view has seen

func Init()                     { count = 0 }                          // once, before anything else
func Append(event []byte)       { count++ }                            // each event, in order
func Query(input []byte) []byte { return []byte(strconv.Itoa(count)) } // answer from the state, changing nothing
func Snapshot() []byte          { return []byte(strconv.Itoa(count)) } // the whole state as bytes
func Restore(snapshot []byte)   { count, _ = strconv.Atoi(string(snapshot)) } // replace the state
`}]},q={js:`build/
node_modules/
`,ts:`build/
node_modules/
`,python:`build/
__pycache__/
`,rust:`build/
target/
`,go:`build/
`},z=[{file:"test/events.ndjson",text:`{"type":"one"}
{"type":"two"}
{"type":"three"}
`},{file:"test/queries.jsonl",text:`{"input": "count", "expect": "3"}
`}];var Y={check:"Build the view, validate it and test its contract: what the action does, without the deploy (default).",build:"Build the view from its source, and stop.",validate:"Validate a built component: `validate <component.wasm>`.",test:"Validate a component and test its contract: `test [component.wasm]` (built from source without one).",deploy:"Build, validate and test the view, then deploy it (PRIMATOMIC_TOKEN, --token-file or stdin).",init:`A new view project that passes \`check\` at once: \`init <${y.join("|")}> [folder]\`.`},c=class extends Error{constructor(t){super(t),this.name="UsageError"}},S=C("cli"),k=e=>e.default==="true"||e.default==="false";function K(e){let t={command:"check",flags:{},positional:[],help:!1,version:!1,verbose:!1},n=!1;for(let i=0;i<e.length;i++){let o=e[i];if(o==="--help"||o==="-h")t.help=!0;else if(o==="--version"||o==="-V")t.version=!0;else if(o==="--verbose"||o==="-v")t.verbose=!0;else if(o==="--"){t.positional.push(...e.slice(i+1));break}else if(o.startsWith("--")){let[s,r]=ne(o.slice(2)),a=s.startsWith("no-")?S.find(u=>u.name===s.slice(3)&&k(u)):void 0,l=a??S.find(u=>u.name===s);if(!l)throw se(s);if(a)t.flags[l.name]="false";else if(r!==void 0)t.flags[l.name]=r;else if(k(l))t.flags[l.name]="true";else{let u=e[++i];if(u===void 0)throw new c(`--${s} needs a value (--${s} <value>).`);t.flags[l.name]=u}}else!n&&o in Y&&t.positional.length===0?(t.command=o,n=!0):t.positional.push(o)}return t}function ne(e){let t=e.indexOf("=");return t<0?[e,void 0]:[e.slice(0,t),e.slice(t+1)]}function se(e){if(e==="api-token"||e==="token")return new c(`--${e} is not accepted: a token on the command line shows in \`ps\` and in the shell's history. Set PRIMATOMIC_TOKEN, or give --token-file <file> (--token-file - reads it from stdin).`);let t=S.map(n=>n.name).find(n=>ie(n,e)<=2);return new c(`--${e} is not an option${t?` (did you mean --${t}?)`:""}; see --help.`)}function ie(e,t){let n=Array.from({length:t.length+1},(i,o)=>o);for(let i=1;i<=e.length;i++){let o=n[0];n[0]=i;for(let s=1;s<=t.length;s++){let r=n[s];n[s]=Math.min(n[s]+1,n[s-1]+1,o+(e[i-1]===t[s-1]?0:1)),o=r}}return n[t.length]}function H(e,t=100){let n=(s,r)=>{let a=[],l="";for(let u of s.split(" "))l&&r+l.length+1+u.length>t?(a.push(l),l=u):l=l?`${l} ${u}`:u;return a.push(l),a.join(`
${" ".repeat(r)}`)},i=Object.entries(Y).map(([s,r])=>`  ${s.padEnd(10)}${n(r,12)}`),o=S.map(s=>{let r=k(s)?`--[no-]${s.name}`:`--${s.name} <value>`,a=[s.env?`env ${s.env}`:"",s.default&&!k(s)?`default ${s.default}`:""].filter(Boolean).join("; ");return`  ${r}
      ${n(`${s.description}${a?` (${a})`:""}`,6)}`});return[`primatomic-view ${e}: build, validate, test and deploy Primatomic views.`,"","Usage: primatomic-view [command] [flags] [arguments]","","Commands:",...i,"","Flags (each also set by the GitHub Action input of the same name):",...o,"  -v, --verbose","      Show the tools' own output as they run.","  -h, --help / -V, --version","",`Sample files: ${M} and ${P} in the view's folder, when --test-events and`,"--test-queries do not say. The token is never an argument: PRIMATOMIC_TOKEN, --token-file <file>, or","--token-file - (stdin).","","Exit codes: 0 every check held; 1 a check failed; 2 a usage or input error; 3 a tool or the network failed."].join(`
`)}import{existsSync as oe,mkdirSync as re,readdirSync as ae,readFileSync as le,writeFileSync as ue}from"node:fs";import v from"node:path";import{fileURLToPath as ce}from"node:url";function Q(e,t){let[n,i=".",...o]=e;if(!n||!y.includes(n)||o.length>0)throw new c(`init takes a language and a folder: init <${y.join("|")}> [folder].`);let s=v.resolve(i);if(oe(s)&&ae(s).length>0)throw new c(`${s} is not empty: init writes a new project into a new or an empty folder.`);let r=_(v.basename(s))||A,a=[...W[n],...z,{file:".gitignore",text:q[n]},...n==="rust"?[{file:"wit/machine.wit",text:le(ce(j),"utf8")}]:[]];for(let{file:u,text:p}of a){let w=v.join(s,u);re(v.dirname(w),{recursive:!0}),ue(w,p.replaceAll(A,r)),t.line(`${t.paint(32,"created")} ${v.relative(process.cwd(),w)||w}`)}let l=i==="."?"":` --working-directory ${i}`;return t.line(`A ${n} view named ${r}. Check it: npx primatomic-view check${l}`),0}import me from"node:path";var X=["\u280B","\u2819","\u2839","\u2838","\u283C","\u2834","\u2826","\u2827","\u2807","\u280F"];function pe(e,t){return e.NO_COLOR?!1:e.FORCE_COLOR!==void 0?e.FORCE_COLOR!=="0"&&e.FORCE_COLOR!=="false":!!t&&e.TERM!=="dumb"}var x=class{#t;#o;#r;#a;#l;#e;counts={error:0,warning:0};constructor(t){this.#t=t.stream,this.#o=pe(t.env,t.stream.isTTY),this.#r=!!t.stream.isTTY&&!t.env.CI,this.#a=t.verbose,this.#l=t.debug}paint(t,n){return this.#o?`\x1B[${t}m${n}\x1B[0m`:n}line(t){this.#i(),this.#t.write(`${t}
`),this.#s()}info(t){this.#a&&this.line(this.paint(2,t))}debug(t){this.#l&&this.line(this.paint(2,`debug: ${t}`))}notice(t,n){this.line(this.#n("note",36,t,n))}warning(t,n){this.counts.warning++,this.line(this.#n("warning",33,t,n))}error(t,n){this.counts.error++,this.line(this.#n("error",31,t,n))}async group(t,n,i){let o=Date.now();this.#r?(this.#e={title:t,since:o,frame:0,timer:setInterval(()=>this.#u(),100)},this.#e.timer.unref(),this.#s()):this.line(`${this.paint(2,"\u25B8")} ${t}`);let s=this.counts.error,r=!1;try{let a=await n();return r=i?i(a):this.counts.error===s,a}finally{this.#e&&clearInterval(this.#e.timer),this.#i(),this.#e=void 0;let a=((Date.now()-o)/1e3).toFixed(1);this.line(`${r?this.paint(32,"\u2714"):this.paint(31,"\u2716")} ${t} ${this.paint(2,`(${a} s)`)}`)}}#n(t,n,i,o){let[s,...r]=i.split(`
What to do: `),a=o?.file?`${me.normalize(o.file)}${o.startLine?`:${o.startLine}:1`:""}: `:"",l=o?.rule?`${t}[${o.rule}]`:t,u=`${a}${this.paint(1,this.paint(n,l))}: ${s}`,p=r.join(`
What to do: `);return p?`${u}
  ${this.paint(36,"= help:")} ${p}`:u}#u(){this.#e&&(this.#e.frame=(this.#e.frame+1)%X.length,this.#i(),this.#s())}#s(){if(!this.#e)return;let t=((Date.now()-this.#e.since)/1e3).toFixed(1),{title:n,frame:i}=this.#e;this.#t.write(`${this.paint(36,X[i])} ${n} ${this.paint(2,`${t} s`)}`)}#i(){this.#e&&this.#t.write("\r\x1B[2K")}};async function ee(e,t,n){let i;try{i=K(e)}catch(r){if(!(r instanceof c))throw r;return n.stderr.write(`error: ${r.message}
`),h.input}if(i.help)return n.stdout.write(`${H(f,Math.min(n.stdout.columns??100,100))}
`),h.ok;if(i.version)return n.stdout.write(`primatomic-view ${f}
`),h.ok;let o=i.flags.json==="true",s=new x({stream:o?n.stderr:n.stdout,env:t,verbose:i.verbose,debug:i.flags.debug==="true"});I(s);try{if(i.command==="init")return Q(i.positional,s);let r=await ve(i,t,n);N.offline=i.flags.offline==="true";let a=new U,l=()=>{E(),process.exit(130)};process.once("SIGINT",l),process.once("SIGTERM",l);let u={name:"cli",debug:i.flags.debug==="true",debugHint:"run with --debug"};return await F(p=>r[p]??"",u,a,ye(i.command)),process.off("SIGINT",l),process.off("SIGTERM",l),be(i,a,n),Se(a,s),a.exitCode}catch(r){if(!(r instanceof c))throw r;return n.stderr.write(`error: ${$(r.message)}
`),h.input}}function ye(e){return e==="build"?new Set(["inputs","build"]):e==="validate"?new Set(["inputs","validation"]):e==="deploy"?new Set(d):new Set(["inputs","build","validation","conformance"])}async function ve(e,t,n){let i={};for(let r of["api-token","api-url","log-id"]){let a=T(r)?.env;a&&t[a]&&(i[r]=t[a])}delete t[T("api-token")?.env??"PRIMATOMIC_TOKEN"],Object.assign(i,e.flags);let[o,...s]=e.positional;if(s.length>0)throw new c(`${e.command} takes one component, not ${e.positional.join(" ")}.`);if(e.command==="validate"&&!o)throw new c("validate needs the component: primatomic-view validate <component.wasm>.");if(o){if(e.command!=="validate"&&e.command!=="test")throw new c(`${e.command} takes no argument (${o}); see --help.`);i.component=o}return e.command==="validate"&&(i.conformance="false"),i.deploy=e.command==="deploy"?"true":"false",e.flags["token-file"]&&(i["api-token"]=await we(e.flags["token-file"],n.stdin)),i}async function we(e,t){if(e==="-"){let n=[];for await(let i of t)n.push(Buffer.from(i));return Buffer.concat(n).toString("utf8").trim()}if(!fe(e)||!he(e).isFile())throw new c(`--token-file ${e} is not a file.`);return de(e,"utf8").trim()}function be(e,t,n){e.flags.summary&&Z(e.flags.summary,`${t.summary()}
`),e.flags.junit&&Z(ge.resolve(e.flags.junit),$(V(t))),e.flags.json==="true"&&n.stdout.write(`${$(JSON.stringify(G(t,e.command),null,2))}
`)}function $e(e,t){let{built:n,validation:i,conformance:o}=t;if(e==="build"&&n?.ok)return` \u2014 ${n.result.language.displayName}, ${m(n.result.componentPath)}`;if(e==="validation"&&i?.facts.stat.kind==="file"){let{stat:s,structure:r,sha256:a}=i.facts,l=r?.imports.size??0,u=l===0?"imports nothing":b(l,"import");return` \u2014 ${O(s.size)}, ${u}, sha256 ${a?.slice(0,12)}\u2026`}if(e==="conformance"&&o?.stats){let{events:s,queries:r}=o.stats,a=r.filter(u=>u.expect).length,l=r.length===1?"1 query":`${r.length} queries`;return` \u2014 ${b(s,"event")}, ${l}${a?` (${a} with the expected answer)`:""}`}return""}function Se(e,t){for(let n of d.slice(1)){let i=e.statusOf(n);if(i==="skipped")continue;let o=i==="passed"?t.paint(32,"\u2714"):i==="not-run"?t.paint(2,"\u2013"):t.paint(31,"\u2716"),s=i==="not-run"?` (${e.notRun.get(n)})`:i==="passed"?$e(n,e):"";t.line(`${o} ${n}: ${i}${t.paint(2,s)}`)}if(e.failed)t.line(`${t.paint(31,"error")}: ${e.failureMessage()}`);else{let n=t.counts.warning;t.line(t.paint(32,`Every check held${n?` (${b(n,"warning")} above)`:""}.`))}}for(let e of[process.stdout,process.stderr])e.on("error",t=>{if(t.code!=="EPIPE"&&t.code!=="ERR_STREAM_DESTROYED")throw t});var ke=await ee(process.argv.slice(2),process.env,{stdout:process.stdout,stderr:process.stderr,stdin:process.stdin});await Promise.all([process.stdout,process.stderr].map(e=>new Promise(t=>e.write("",t))));process.exit(ke);
