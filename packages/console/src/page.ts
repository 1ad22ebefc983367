import { escapeXml } from "@awaitly/visualize";

const CSS = `body{font:14px system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d232a;color:#fff;padding:10px 18px;display:flex;gap:18px;align-items:center}
header a{color:#9ecbff;text-decoration:none}main{padding:16px 18px}
.counts{display:flex;gap:8px;margin:0 0 12px}.count{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:6px 10px;cursor:pointer}
.count b{display:block;font-size:18px}.count.on{border-color:#2f6feb;box-shadow:0 0 0 1px #2f6feb}
form.filters{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:12px}input,select,button{font:inherit;padding:4px 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e4e7eb;padding:6px 8px;text-align:left}
.st{border-radius:10px;padding:1px 8px;font-size:12px;color:#fff}.st-completed{background:#1f883d}.st-failed{background:#cf222e}
.st-compensated{background:#0891b2}tr.step-compensated td:first-child{text-decoration:line-through}
.st-active{background:#2f6feb}.st-waiting{background:#8c959f}.st-parked{background:#bf8700}.st-cancelled{background:#57606a}
.err{color:#cf222e;font-weight:600}.actions{display:flex;gap:8px;margin:12px 0}.msg{margin:8px 0;min-height:1.2em}
iframe{width:100%;height:420px;border:1px solid #d8dde3;background:#fff}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px}
dt{color:#57606a}pre{margin:0;white-space:pre-wrap}`;

// Every request carries the console's header: a cross-site form or image cannot send it, and a
// cross-site fetch with it needs a CORS preflight the console never grants.
const CLIENT = `const H={"x-awaitly-console":"1","content-type":"application/json"};
const base=document.body.dataset.base;
async function api(path,opts){const r=await fetch(base+"/api/"+path,{...opts,headers:H});const j=await r.json();return {status:r.status,body:j};}
function esc(s){return String(s??"").replace(/[&<>"]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));}
function when(ms){return ms?new Date(Number(ms)).toISOString().replace("T"," ").slice(0,19):"";}
function show(el,res){el.textContent=res.body.ok?"done: "+JSON.stringify(res.body.value):"refused: "+(res.body.error?.type??res.status)+" — "+(res.body.error?.message??"");el.className="msg "+(res.body.ok?"":"err");}`;

/** @internal The run list page: filters, live counts per status, a page of runs. */
export function listPage(base: string, title: string, queues: readonly string[]): string {
  const options = queues.map((q) => `<option>${escapeXml(q)}</option>`).join("");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${CSS}</style></head>
<body data-base="${escapeXml(base)}"><header><b>${escapeXml(title)}</b></header><main>
<form class="filters" id="filters">
<label>queue <select name="queue">${options}</select></label>
<label>status <select name="status"><option value="">any</option><option>waiting</option><option>active</option><option>parked</option><option>completed</option><option>failed</option><option>cancelled</option></select></label>
<label>error type <input name="errorType" size="14"></label><label>parked on <input name="parkedOn" size="12"></label>
<label>since <input name="since" type="datetime-local"></label><label>until <input name="until" type="datetime-local"></label>
<button type="submit">filter</button></form>
<div class="counts" id="counts"></div>
<table><thead><tr><th>run</th><th>status</th><th>error type</th><th>parked on</th><th>since</th><th>created</th></tr></thead><tbody id="rows"></tbody></table>
<p><button id="more" hidden>next page</button></p></main>
<script>${CLIENT}
const form=document.getElementById("filters");const params=new URLSearchParams(location.search);
for(const [k,v] of params){if(form.elements[k])form.elements[k].value=v;}
let cursor;
function filter(){const f=new FormData(form);const q=new URLSearchParams();for(const [k,v] of f){if(v&&k!=="queue")q.set(k,k==="since"||k==="until"?String(new Date(v).getTime()):v);}return q;}
async function counts(){const q=form.elements.queue.value;const r=await api(encodeURIComponent(q)+"/counts");
const cur=form.elements.status.value;document.getElementById("counts").innerHTML=Object.entries(r.body.value).map(([s,n])=>'<div class="count'+(s===cur?" on":"")+'" data-status="'+s+'"><b>'+n+"</b>"+s+"</div>").join("");}
async function load(more){const q=form.elements.queue.value;const p=filter();if(more&&cursor)p.set("cursor",cursor);
const r=await api(encodeURIComponent(q)+"/runs?"+p);const rows=document.getElementById("rows");if(!more)rows.innerHTML="";
if(!r.body.ok){rows.innerHTML='<tr><td colspan="6" class="err">'+esc(r.body.error?.message)+"</td></tr>";return;}
for(const run of r.body.value.runs){const tr=document.createElement("tr");
tr.innerHTML='<td><a href="'+base+"/run/"+encodeURIComponent(q)+"/"+encodeURIComponent(run.runId)+'">'+esc(run.runId)+'</a></td><td><span class="st st-'+run.status+'">'+run.status+'</span></td><td class="err">'+esc(run.errorType)+"</td><td>"+esc(run.parkedOn)+"</td><td>"+when(run.updatedAt)+"</td><td>"+when(run.createdAt)+"</td>";rows.appendChild(tr);}
cursor=r.body.value.cursor;document.getElementById("more").hidden=!cursor;}
form.addEventListener("submit",e=>{e.preventDefault();const p=filter();p.set("queue",form.elements.queue.value);history.replaceState(null,"","?"+p);load(false);counts();});
document.getElementById("counts").addEventListener("click",e=>{const c=e.target.closest(".count");if(!c)return;form.elements.status.value=c.dataset.status;form.requestSubmit();});
document.getElementById("more").addEventListener("click",()=>load(true));
load(false);counts();setInterval(counts,2000);</script></body></html>`;
}

/** @internal A run's page: its details, step table, timeline drawing and action buttons. */
export function runPage(base: string, title: string, queue: string, runId: string): string {
  const path = `${encodeURIComponent(queue)}/runs/${encodeURIComponent(runId)}`;
  const timeline = `${base}/run/${encodeURIComponent(queue)}/${encodeURIComponent(runId)}/timeline`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(runId)} · ${escapeXml(title)}</title><style>${CSS}</style></head>
<body data-base="${escapeXml(base)}" data-run="${escapeXml(path)}"><header><a href="${escapeXml(base)}/?queue=${escapeXml(encodeURIComponent(queue))}">← runs</a><b>${escapeXml(queue)} / ${escapeXml(runId)}</b></header><main>
<dl id="facts"></dl>
<div class="actions"><button id="cancel">cancel</button><button id="resume">resume</button>
<select id="from-step"><option value="">retry from the failed step</option></select><button id="retry">retry</button>
<input id="signal-name" placeholder="signal name" size="12"><input id="signal-payload" placeholder='payload JSON, e.g. {"ok":true}' size="26"><button id="signal">signal</button></div>
<div class="msg" id="msg"></div>
<table><thead><tr><th>step</th><th>status</th><th>started</th><th>duration</th><th>error</th></tr></thead><tbody id="steps"></tbody></table>
<section id="compensations-section" hidden><h3>compensations</h3><table><thead><tr><th>undoes</th><th>status</th><th>started</th><th>duration</th><th>error</th></tr></thead><tbody id="compensations"></tbody></table></section>
<h3>timeline</h3><iframe id="timeline" title="step timeline" src="${escapeXml(timeline)}"></iframe></main>
<script>${CLIENT}
const run=document.body.dataset.run;const msg=document.getElementById("msg");let last="";
async function refresh(){const r=await api(run);if(!r.body.ok){msg.textContent=r.body.error?.message;msg.className="msg err";return;}
const v=r.body.value;const sig=JSON.stringify([v.status,v.steps.length,v.compensations.length,v.updatedAt]);
document.getElementById("facts").innerHTML="<dt>status</dt><dd><span class='st st-"+v.status+"' id='status'>"+v.status+"</span></dd>"+
(v.errorType?"<dt>error type</dt><dd class='err'>"+esc(v.errorType)+"</dd>":"")+
(v.parkedOn?"<dt>parked on</dt><dd id='parked-on'>"+esc(v.parkedOn.on)+(v.parkedOn.until?" until "+when(v.parkedOn.until):"")+"</dd>":"")+
"<dt>attempts</dt><dd>"+v.attempts+"</dd>"+(v.version?"<dt>version</dt><dd>"+esc(v.version)+"</dd>":"")+
"<dt>created</dt><dd>"+when(v.createdAt)+"</dd><dt>started</dt><dd>"+when(v.startedAt)+"</dd><dt>finished</dt><dd>"+when(v.finishedAt)+"</dd>"+
"<dt>input</dt><dd><pre>"+esc(JSON.stringify(v.input,null,1))+"</pre></dd><dt>outcome</dt><dd><pre id='outcome'>"+esc(v.outcome===undefined?"":JSON.stringify(v.outcome,null,1))+"</pre></dd>";
document.getElementById("steps").innerHTML=v.steps.map(s=>"<tr class='step-"+s.status+"'><td>"+esc(s.key)+"</td><td><span class='st st-"+(s.status==="failed"||s.status==="compensated"?s.status:"completed")+"'>"+s.status+"</span></td><td>"+when(s.startedAt)+"</td><td>"+(s.durationMs??"")+(s.durationMs!==undefined?" ms":"")+"</td><td class='err'>"+esc(s.errorType?s.errorType+": "+(s.errorMessage??""):"")+"</td></tr>").join("");
document.getElementById("compensations-section").hidden=v.compensations.length===0;
document.getElementById("compensations").innerHTML=v.compensations.map(c=>"<tr class='compensation-"+c.status+"'><td>"+esc(c.name??"")+(c.stepKeys.length?" ("+esc(c.stepKeys.join(", "))+")":"")+"</td><td><span class='st st-"+(c.status==="failed"?"failed":"compensated")+"'>"+(c.status==="failed"?"failed":"undone")+"</span></td><td>"+when(c.startedAt)+"</td><td>"+c.durationMs+" ms</td><td class='err'>"+esc(c.errorType?c.errorType+": "+(c.errorMessage??""):"")+"</td></tr>").join("");
const sel=document.getElementById("from-step");const keep=sel.value;sel.innerHTML='<option value="">retry from the failed step</option>'+v.steps.map(s=>"<option>"+esc(s.key)+"</option>").join("");sel.value=keep;
if(sig!==last){if(last)document.getElementById("timeline").contentWindow.location.reload();last=sig;}}
async function act(action,body){show(msg,await api(run+"/"+action,{method:"POST",body:JSON.stringify(body??{})}));refresh();}
document.getElementById("cancel").onclick=()=>act("cancel");document.getElementById("resume").onclick=()=>act("resume");
document.getElementById("retry").onclick=()=>{const f=document.getElementById("from-step").value;act("retry",f?{fromStep:f}:{});};
document.getElementById("signal").onclick=()=>{let p;const t=document.getElementById("signal-payload").value;try{p=t?JSON.parse(t):undefined;}catch{msg.textContent="payload is not JSON";msg.className="msg err";return;}act("signal",{name:document.getElementById("signal-name").value,payload:p});};
refresh();setInterval(refresh,1000);</script></body></html>`;
}
