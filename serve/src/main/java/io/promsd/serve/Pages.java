package io.promsd.serve;

import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelTrace;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ProviderHealth;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.web.internal.Router;
import io.promsd.web.internal.WebResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The pages: targets per job (the landing page), one target's relabel steps, and the config with
 * its secrets hidden. Server-rendered HTML; a few lines of plain JavaScript filter the targets and
 * poll {@code ui/version} to swap in the new content when discovery changes.
 */
final class Pages {
  private static final String HTML = "text/html; charset=utf-8";
  private final String prefix;

  Pages(String prefix) {
    this.prefix = prefix;
  }

  void register(
      Router r,
      String routePrefix,
      Supplier<ServeView> view,
      Supplier<List<ProviderHealth>> health,
      BooleanSupplier ready) {
    r.get(
        routePrefix + "/",
        "/",
        (req, resp) -> html(resp, page("Targets", targets(view.get(), health.get(), ready), true)));
    r.get(
        routePrefix + "/ui/targets",
        "/ui/targets",
        (req, resp) -> html(resp, targets(view.get(), health.get(), ready)));
    r.get(
        routePrefix + "/ui/version",
        "/ui/version",
        (req, resp) ->
            resp.send(
                200,
                "text/plain; charset=utf-8",
                version(view.get()).getBytes(StandardCharsets.UTF_8)));
    r.get(
        routePrefix + "/relabel",
        "/relabel",
        (req, resp) -> {
          String job = req.queryParameter("job").orElse("");
          String source = req.queryParameter("source").orElse("");
          int index;
          try {
            index = Integer.parseInt(req.queryParameter("index").orElse(""));
          } catch (NumberFormatException e) {
            index = -1;
          }
          String body = relabel(view.get(), job, source, index);
          if (body == null) {
            resp.error(
                404, "no such target: job " + job + ", source " + source + ", index " + index);
            return;
          }
          html(resp, page("Relabel steps", body, false));
        });
    r.get(
        routePrefix + "/config",
        "/config",
        (req, resp) ->
            html(
                resp,
                page(
                    "Config",
                    "<h1>Config</h1><p class=note>Secrets are shown as &lt;secret&gt;.</p><pre id=config>"
                        + esc(ConfigText.hideSecrets(view.get().configText()))
                        + "</pre>",
                    false)));
  }

  private static String version(ServeView v) {
    return v.set().version() + "-" + System.identityHashCode(v.config());
  }

  private static void html(WebResponse resp, String body) throws IOException {
    resp.header("Cache-Control", "no-cache");
    resp.send(200, HTML, body.getBytes(StandardCharsets.UTF_8));
  }

  private String page(String title, String main, boolean live) {
    StringBuilder sb = new StringBuilder(main.length() + 4096);
    sb.append("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>")
        .append("<meta name=viewport content='width=device-width, initial-scale=1'>")
        .append("<link rel=icon href='data:,'><title>promsd · ")
        .append(esc(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body><nav><b>promsd</b> <a href='")
        .append(prefix)
        .append("/'>Targets</a> <a href='")
        .append(prefix)
        .append("/config'>Config</a> <a href='")
        .append(prefix)
        .append("/metrics'>Metrics</a></nav><main id=main>")
        .append(main)
        .append("</main>");
    if (live) {
      sb.append("<script>const PREFIX=").append(jsString(prefix)).append(";").append(JS);
      sb.append("</script>");
    }
    return sb.append("</body></html>").toString();
  }

  /** The landing page's content: the filter, the providers, every job. */
  String targets(ServeView v, List<ProviderHealth> health, BooleanSupplier ready) {
    StringBuilder sb = new StringBuilder(8192);
    sb.append("<div id=content data-version='").append(esc(version(v))).append("'>");
    sb.append("<h1>Targets</h1><p class=note>")
        .append(ready.getAsBoolean() ? "Discovery is complete." : "Discovery is still starting.")
        .append(" Snapshot ")
        .append(v.set().version())
        .append(v.set().version() > 0 ? ", published " + v.set().published() : "")
        .append(".</p>");
    sb.append("<input id=filter type=search placeholder='Filter by job, URL or label' ")
        .append("aria-label='Filter targets'>");
    sb.append("<h2>Service discovery</h2><table class=providers><thead><tr><th>provider<th>jobs")
        .append("<th>state<th>groups<th>targets<th>last update<th>last error</thead><tbody>");
    for (ProviderHealth h : health) {
      sb.append("<tr class=provider><td>")
          .append(esc(h.name()))
          .append("<td>")
          .append(esc(String.join(", ", h.jobs())))
          .append("<td class=")
          .append(
              h.healthy() ? "up>healthy" : h.initialized() ? "down>failing" : "pending>starting")
          .append("<td>")
          .append(h.groups())
          .append("<td>")
          .append(h.targets())
          .append("<td>")
          .append(time(h.lastUpdate()))
          .append("<td class=error>")
          .append(
              h.lastError() == null
                  ? ""
                  : esc(h.lastError()) + " (" + time(h.lastErrorTime()) + ")")
          .append("</tr>");
    }
    sb.append("</tbody></table>");
    for (ScrapeJob job : v.jobs().values()) {
      JobTargets t = v.set().job(job.name()).orElse(null);
      if (t == null) {
        continue;
      }
      sb.append("<section class=job data-job='")
          .append(esc(job.name()))
          .append("'><h2><span class=jobname>")
          .append(esc(job.name()))
          .append("</span> <span class=counts>(<span class=active-count>")
          .append(t.active().size())
          .append("</span> active, <span class=dropped-count>")
          .append(t.dropped().size())
          .append("</span> dropped")
          .append(t.failed().isEmpty() ? "" : ", " + t.failed().size() + " failed")
          .append(")</span></h2><table class=targets><tbody>");
      for (ScrapeTarget a : t.active()) {
        String url = ScrapeUrls.of(job.config(), a.labels()).toString();
        row(
            sb,
            job,
            a,
            "active",
            "<a class=url href='" + esc(url) + "'>" + esc(url) + "</a>",
            a.labels().withoutPrefix("__"));
      }
      for (ScrapeTarget d : t.dropped()) {
        String why =
            "dropped by rule "
                + d.droppedBy()
                + " <code class=rule>"
                + esc(job.relabeler().rules().get(d.droppedBy()).toString())
                + "</code>";
        row(
            sb,
            job,
            d,
            "dropped",
            esc(d.discoveredLabels().get("__address__")) + " <span class=why>" + why + "</span>",
            null);
      }
      for (ScrapeTarget f : t.failed()) {
        row(
            sb,
            job,
            f,
            "failed",
            esc(f.discoveredLabels().get("__address__"))
                + " <span class=why>"
                + esc(f.error())
                + "</span>",
            null);
      }
      sb.append("</tbody></table></section>");
    }
    return sb.append("</div>").toString();
  }

  private void row(
      StringBuilder sb, ScrapeJob job, ScrapeTarget t, String state, String what, Labels labels) {
    sb.append("<tr class='target ").append(state).append("'><td class=state>").append(state);
    sb.append("<td>").append(what);
    if (labels != null) {
      sb.append("<div class=labels>").append(labelChips(labels)).append("</div>");
    }
    sb.append("<details><summary>discovered labels</summary><div class=labels>")
        .append(labelChips(t.discoveredLabels()))
        .append("</div></details>");
    sb.append("<td><a class=steps href='")
        .append(prefix)
        .append("/relabel?job=")
        .append(url(job.name()))
        .append("&amp;source=")
        .append(url(t.source()))
        .append("&amp;index=")
        .append(t.index())
        .append("'>relabel steps</a></tr>");
  }

  /** The relabel page of one target, or null when there is no such target. */
  String relabel(ServeView v, String jobName, String source, int index) {
    ScrapeJob job = v.jobs().get(jobName);
    JobTargets t = v.set().job(jobName).orElse(null);
    if (job == null || t == null) {
      return null;
    }
    ScrapeTarget found = null;
    for (List<ScrapeTarget> list : List.of(t.active(), t.dropped(), t.failed())) {
      for (ScrapeTarget s : list) {
        if (s.index() == index && s.source().equals(source)) {
          found = s;
        }
      }
    }
    if (found == null) {
      return null;
    }
    RelabelTrace trace = job.relabeler().trace(found.discoveredLabels());
    StringBuilder sb = new StringBuilder();
    sb.append("<h1>Relabel steps</h1><p>job <b class=jobname>")
        .append(esc(jobName))
        .append("</b>, group <code>")
        .append(esc(source))
        .append("</code>, target ")
        .append(index)
        .append("</p><h2>Discovered labels</h2><div class=labels>")
        .append(labelChips(found.discoveredLabels()))
        .append("</div><h2>Rules</h2><pre id=trace>")
        .append(esc(trace.format("")))
        .append("</pre><h2>Outcome</h2><p id=outcome>");
    switch (found.state()) {
      case ACTIVE ->
          sb.append("kept: ")
              .append(esc(ScrapeUrls.of(job.config(), found.labels()).toString()))
              .append("</p><div class=labels>")
              .append(labelChips(found.labels().withoutPrefix("__")))
              .append("</div>");
      case DROPPED ->
          sb.append("dropped by rule ")
              .append(found.droppedBy())
              .append(" <code class=rule>")
              .append(esc(job.relabeler().rules().get(found.droppedBy()).toString()))
              .append("</code></p>");
      case FAILED -> sb.append("rejected: ").append(esc(found.error())).append("</p>");
    }
    return sb.toString();
  }

  private static String labelChips(Labels l) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < l.size(); i++) {
      sb.append("<span class=label>")
          .append(esc(l.name(i)))
          .append("=\"")
          .append(esc(l.value(i)))
          .append("\"</span> ");
    }
    return sb.toString();
  }

  private static String time(Instant t) {
    return t == null ? "never" : t.toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String url(String s) {
    return esc(java.net.URLEncoder.encode(s, StandardCharsets.UTF_8));
  }

  private static String jsString(String s) {
    StringBuilder sb = new StringBuilder();
    io.promsd.relabel.internal.config.GoText.appendJsonString(sb, s, true); // escapes < > &
    return sb.toString();
  }

  private static final String CSS =
      "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}"
          + "nav{background:#e6522c;color:#fff;padding:8px 16px}nav a{color:#fff;margin-left:12px}"
          + "main{padding:8px 16px}h2{font-size:16px;margin:18px 0 6px}"
          + ".note{color:#666}#filter{width:100%;max-width:480px;padding:4px;margin:6px 0}"
          + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
          + "padding:4px 6px;text-align:left;vertical-align:top}"
          + ".label{display:inline-block;background:#eef;border-radius:3px;padding:0 4px;margin:1px;"
          + "font:12px monospace}.state{width:60px}.active .state,.up{color:#1a7f37}"
          + ".dropped .state{color:#888}.failed .state,.down,.error{color:#c62828}"
          + ".pending{color:#a67c00}code,pre{font:12px monospace;background:#f6f6f6}"
          + "pre{padding:8px;overflow:auto}.counts{color:#666;font-weight:normal}";

  // Filters rows as one types; polls the version and swaps the content when discovery changes.
  private static final String JS =
      """
      function applyFilter(){const q=(document.getElementById('filter')||{}).value||'';
      const f=q.toLowerCase();document.querySelectorAll('section.job').forEach(s=>{let n=0;
      s.querySelectorAll('tr.target').forEach(r=>{const hit=!f||s.dataset.job.toLowerCase().includes(f)
      ||r.textContent.toLowerCase().includes(f);r.style.display=hit?'':'none';if(hit)n++;});
      s.style.display=n||!f?'':'none';});}
      function bind(){const i=document.getElementById('filter');if(i){i.addEventListener('input',applyFilter);}}
      async function poll(){try{const c=document.getElementById('content');
      const r=await fetch(PREFIX+'/ui/version',{cache:'no-store'});if(r.ok){const v=(await r.text()).trim();
      if(c&&v!==c.dataset.version){const q=document.getElementById('filter').value;
      const h=await fetch(PREFIX+'/ui/targets',{cache:'no-store'});if(h.ok){

      document.getElementById('main').innerHTML=await h.text();
      document.getElementById('filter').value=q;bind();applyFilter();}}}}catch(e){}
      setTimeout(poll,1000);}
      bind();setTimeout(poll,1000);
      """;
}
