using System.Net;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The console's single page: chat on the left, the live status board on the right. <see cref="Demo"/> has the people
/// picker under the demo banner; <see cref="SignedIn"/> names the signed-in person and sends no person at all.
/// </summary>
internal static class ConsolePage
{
    private const string Banner = """<div id="demo" role="alert">DEMO MODE: anyone on this host can act as anyone</div>""";
    private const string Picker = """<select id="person" aria-label="person"></select>""";

    /// <summary>The demo's page: the banner and the people picker.</summary>
    public const string Demo = Html;

    /// <summary>The signed-in person's page: no banner, the person's name where the picker was.</summary>
    public static string SignedIn { get; } = Html.Replace(Banner + "\n", "", StringComparison.Ordinal)
        .Replace("body{padding-top:26px;box-sizing:border-box}", "", StringComparison.Ordinal)
        .Replace(Picker, """<strong id="person"></strong>""", StringComparison.Ordinal);

    /// <summary>What a signed-in user whom MailHa's people do not know sees (403): which console account would name them.</summary>
    public static string NotAPerson(string claim, string? value)
    {
        var who = value is null ? $"without a '{claim}' claim" : $"as '{value}' ({claim})";
        return $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MailHa console: not one of MailHa's people</title></head>
            <body style="font-family:system-ui,sans-serif;margin:2em"><h1>Not one of MailHa's people</h1>
            <p id="refusal">You are signed in {{WebUtility.HtmlEncode(who)}}, but no person in MailHa:People has the console account
            { "Tenant": "{{ConsoleAccounts.SignInTenant}}", "User": "{{WebUtility.HtmlEncode(value ?? "…")}}" }. The console shows and does nothing for you.</p>
            <p>Ask whoever configures MailHa to add that account to your person, with the roles you need.</p></body></html>
            """;
    }

    private const string Html = """
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MailHa console</title>
<style>
 body{font-family:system-ui,sans-serif;margin:0;display:flex;height:100vh;background:#f4f5f7;color:#1d2125}
 #chat{flex:1;display:flex;flex-direction:column;border-right:1px solid #ccc;min-width:420px}
 #board{flex:1;overflow:auto;padding:12px 16px}
 header{padding:8px 12px;background:#0c66e4;color:#fff;display:flex;gap:12px;align-items:center}
 #feed{flex:1;overflow:auto;padding:12px}
 .msg{background:#fff;border-radius:6px;padding:8px 10px;margin:0 0 10px;box-shadow:0 1px 2px #0002}
 .msg.user{background:#e9f2ff;margin-left:40px}
 .msg h4{margin:0 0 4px;font-size:14px}
 .msg pre{background:#f7f8f9;padding:6px;overflow:auto;font-size:12px;margin:4px 0;white-space:pre-wrap}
 .msg p{margin:4px 0;font-size:13px;white-space:pre-wrap}
 .who{font-size:11px;color:#626f86}
 button{cursor:pointer;border:0;border-radius:4px;padding:6px 12px;margin:4px 6px 0 0}
 .primary{background:#1f845a;color:#fff}.danger{background:#c9372c;color:#fff}.default{background:#dcdfe4}
 form{display:flex;padding:8px;gap:6px;border-top:1px solid #ccc;background:#fff}
 form input{flex:1;padding:8px;font-size:14px}
 table{border-collapse:collapse;font-size:13px;margin-bottom:10px}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}
 .bad{color:#c9372c;font-weight:bold}.good{color:#1f845a;font-weight:bold}
 .mark{display:inline-block;min-width:1.2em;text-align:center;font-weight:bold}
 details{margin:4px 0}summary{cursor:pointer;color:#0c66e4;font-size:13px}
 h2{font-size:16px;margin:14px 0 6px}
 #headline{font-size:18px;font-weight:bold}
 #demo{position:fixed;top:0;left:0;right:0;z-index:9;background:#c9372c;color:#fff;font-weight:bold;text-align:center;padding:4px;font-size:13px}
 body{padding-top:26px;box-sizing:border-box}
</style></head>
<body>
<div id="demo" role="alert">DEMO MODE: anyone on this host can act as anyone</div>
<section id="chat">
 <header><strong>MailHa</strong> chatting as
  <select id="person" aria-label="person"></select>
  <span id="roles" class="who" style="color:#dde"></span></header>
 <div id="feed" aria-live="polite"></div>
 <form id="send"><input id="text" autocomplete="off" placeholder="/mail status, /mail switchover, /mail help" aria-label="command"><button class="primary" type="submit">Send</button></form>
</section>
<section id="board">
 <div id="headline">loading…</div>
 <h2>Services</h2><table id="services"></table>
 <h2>Nodes</h2><table id="nodes"></table>
 <h2 id="mirror-title">Mirror</h2><div id="mirror"></div><svg id="chart" width="560" height="120" role="img" aria-label="mirror runs"></svg>
 <h2>Directory replication</h2><table id="ldap"></table>
 <h2>Pending approvals</h2><table id="pending"></table>
 <h2>Audit trail</h2><table id="audit"></table>
</section>
<script>
const $=id=>document.getElementById(id);
const esc=s=>String(s??'').replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
let people=[],version=0;const shown=new Map();
const demo=$('person').tagName==='SELECT';
const VERDICT={Healthy:'healthy',Degraded:'DEGRADED',Down:'DOWN',SplitBrain:'SPLIT BRAIN'};
// Signed in: a session that ended answers 401, and a reload goes through the provider again.
async function j(url,opt){const r=await fetch(url,opt);if(r.status===401&&!demo){location.reload();throw new Error('signed out')}if(!r.ok)throw new Error(url+' '+r.status);return r.status===204?null:r.json().catch(()=>null)}
function who(){return $('person').value}
// Step and state marks drawn with plain text and colour, so no emoji font is needed.
const MARKS={'✅':['good','✓'],'❌':['bad','✗'],'⏳':['','…'],'⏭':['','↷'],'🚨':['bad','!!'],'⚠':['bad','!'],'⏰':['','↻']};
const marked=t=>esc(t).replace(/✅|❌|⏳|⏭|🚨|⚠\uFE0F?|⏰/gu,c=>{const[k,s]=MARKS[c[0]]??MARKS[c];return `<span class="mark ${k}">${s}</span>`});
// Human times: "2 min ago", the exact UTC time on hover.
function ago(t){if(!t)return'never';const s=(Date.now()-new Date(t))/1000;return s<5?'just now':s<90?Math.round(s)+' s ago':s<5400?Math.round(s/60)+' min ago':s<129600?Math.round(s/3600)+' h ago':Math.round(s/86400)+' days ago'}
function when(t){return t?`<span title="${esc(new Date(t).toISOString().replace('T',' ').slice(0,19))} UTC">${esc(ago(t))}</span>`:'never'}
function section(s){return s.monospace?`<pre>${marked(s.text)}</pre>`:`<p>${marked(s.text)}</p>`}
function render(e){
 const m=e.message;let h=`<div class="who">${esc(e.from??'MailHa')} · ${when(e.at)}</div><h4>${marked(m.title)}</h4>`;
 for(const s of m.sections.filter(s=>!s.behind))h+=section(s);
 for(const label of [...new Set(m.sections.filter(s=>s.behind).map(s=>s.behind))])h+=`<details><summary>${esc(label)}</summary>${m.sections.filter(s=>s.behind===label).map(section).join('')}</details>`;
 for(const a of m.actions)h+=`<button class="${a.style.toLowerCase()}" data-action="${esc(JSON.stringify(a.action))}" data-msg="${esc(e.id)}">${esc(a.title)}</button>`;
 let el=shown.get(e.id);if(!el){el=document.createElement('div');el.id='entry-'+e.id;$('feed').appendChild(el);shown.set(e.id,el)}
 el.className='msg'+(e.from?' user':'');el.innerHTML=h;el.dataset.version=e.version;
}
async function poll(){try{const f=await j('/console/api/feed?since='+version);for(const e of f.entries)render(e);if(f.entries.length)$('feed').scrollTop=1e9;version=f.version}catch(e){}}
async function board(){try{
 const b=await j('/console/api/board');const s=b.status;
 $('headline').textContent=b.headline;$('headline').className=b.alarm?'bad':'good';
 // Every service: its verdict, who serves it, its mirror (several services each have their own VIP and mirror).
 $('services').innerHTML='<tr><th>service</th><th>state</th><th>served by</th><th>mirror</th><th>last good</th></tr>'+s.services.map(x=>
  `<tr><td>${esc(x.service)}</td><td class="${x.health==='Healthy'?'good':'bad'}">${esc(VERDICT[x.health]??x.health)}</td><td>${x.vip?.verdict==='HeldBy'?esc(x.vip.holder):x.vip?'<span class="bad">'+esc(x.vip.summary)+'</span>':'unknown'}</td><td>${x.roles.mirrorPaused?'<span class="bad">PAUSED</span>':esc(x.roles.active+' → '+x.roles.standby)}${x.noStandby?' · <span class="bad">'+esc(x.noStandby)+'</span>':''}</td><td>${when(x.lastGood?.startedAt)}</td></tr>`).join('');
 // A node's VIP column names every service whose VIP it holds.
 const views=n=>s.services.map(x=>({service:x.service,view:(x.vip?.nodes||[]).find(v=>v.node===n.node)}));
 $('nodes').innerHTML='<tr><th>node</th><th>role</th><th>SSH</th><th>SMTP</th><th>IMAP</th><th>VIP</th></tr>'+s.nodes.map(n=>{
  const v=views(n),held=v.filter(x=>x.view?.holds).map(x=>x.service);
  const vip=held.length?`<b>holds${s.services.length>1?' '+esc(held.join(', ')):''}</b>`:v.some(x=>x.view?.holds===false)?'—':'?';
  return `<tr><td>${esc(n.node)}</td><td>${esc(n.role)}</td><td class="${n.reachable?'good':'bad'}">${n.reachable?'ok':esc(n.ssh)}</td><td>${esc(n.service.banner??n.service.reason)}</td><td>${esc(n.imap.banner??n.imap.reason)}</td><td>${vip}</td></tr>`}).join('');
 $('mirror-title').textContent=s.services.length>1?`Mirror of ${s.roles.service} in detail`:'Mirror';
 const m=s.mirror;$('mirror').innerHTML=`<p>${m.paused?'<span class="bad">PAUSED</span>':esc(m.source+' → '+m.target)}${m.interrupted?` · <span class="bad" title="${esc(m.interrupted.trigger)}, started ${esc(m.interrupted.startedAt)} on ${esc(m.interrupted.host)}; the next run pulls again">INTERRUPTED run ${esc(m.interrupted.id)}</span>`:''} · last good: ${when(m.lastGood?.startedAt)} · next: ${esc(m.nextRun??'—')}${m.stream?` · ${m.stream.streaming?'streaming':'<span class="bad">NOT streaming</span>'} · mirror lag: ${esc(m.stream.lag??'unknown')}`:''}</p>`;
 const runs=[...b.runs].reverse(),w=560/Math.max(runs.length,1),max=Math.max(1,...runs.map(r=>(new Date(r.endedAt)-new Date(r.startedAt))));
 $('chart').innerHTML=runs.map((r,i)=>{const d=new Date(r.endedAt)-new Date(r.startedAt),hgt=Math.max(3,100*d/max),c=r.verdict==='Succeeded'?'#1f845a':r.verdict==='Warning'?'#e2b203':'#c9372c';
  return `<rect x="${i*w}" y="${110-hgt}" width="${Math.max(1,w-2)}" height="${hgt}" fill="${c}"><title>#${r.id} ${r.verdict} ${d} ms, ${r.stats?.filesTransferred??0} transferred, ${r.stats?.filesDeleted??0} deleted</title></rect>`}).join('');
 $('ldap').innerHTML=s.replication?s.replication.suffixes.map(x=>`<tr><td>${esc(x.suffix)}</td><td class="${x.state==='Broken'?'bad':'good'}">${esc(x.state)}</td></tr>`).join(''):'<tr><td>unknown</td></tr>';
 $('pending').innerHTML=b.pending.length?b.pending.map(p=>`<tr><td>${esc(p.id)}</td><td>${esc(p.summary)}</td><td>${esc(p.requester)}</td><td>expires <span title="${esc(p.expiresAt)}">${esc(new Date(p.expiresAt).toISOString().slice(11,16))}Z</span></td></tr>`).join(''):'<tr><td>none</td></tr>';
 $('audit').innerHTML=b.audit.map(a=>`<tr><td>${when(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${esc(a.subject)}</td><td>${esc(a.outcome)}</td></tr>`).join('');
}catch(e){$('headline').textContent='board unavailable: '+e.message}}
$('send').onsubmit=async ev=>{ev.preventDefault();const t=$('text').value.trim();if(!t)return;$('text').value='';
 await j('/console/api/command',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(demo?{as:who(),text:t}:{text:t})});poll()};
$('feed').onclick=async ev=>{const b=ev.target.closest('button');if(!b)return;
 await j('/console/api/action',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({...(demo?{as:who()}:{}),action:JSON.parse(b.dataset.action),messageId:b.dataset.msg})});poll()};
$('person').onchange=()=>{const p=people.find(x=>x.id===who());$('roles').textContent=p?p.roles.join(', '):''};
(async()=>{if(demo){people=await j('/console/api/people');$('person').innerHTML=people.map(p=>`<option value="${esc(p.id)}">${esc(p.name)}</option>`).join('');$('person').onchange()}
 else{const me=await j('/console/api/me');$('person').textContent=me.name;$('roles').textContent=me.roles.join(', ')}
 poll();board();setInterval(poll,1000);setInterval(board,5000)})();
</script></body></html>
""";
}
