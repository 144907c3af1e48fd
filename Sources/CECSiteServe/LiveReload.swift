import CECSiteCore

/// The script `cecsite serve` adds to every HTML page it serves (never to the built files): it
/// waits for the next build and reloads the page, or shows the build's errors over the page.
enum LiveReload {
    static let script = #"""
        // cecsite serve: reload on rebuild; show build errors over the page.
        (function () {
          "use strict";
          var me = document.currentScript;
          var generation = Number(me && me.dataset.generation) || 0;
          var delay = 500;
          function overlay(errors) {
            var old = document.getElementById("cecsite-build-errors");
            if (old) old.remove();
            var box = document.createElement("div");
            box.id = "cecsite-build-errors";
            box.setAttribute("role", "alert");
            box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;" +
              "background:#8b0000;color:#fff;font:16px/1.5 system-ui,sans-serif;padding:1rem;border-top:4px solid #fff;";
            var heading = document.createElement("h2");
            heading.textContent = "Build failed (" + errors.length + " error" + (errors.length === 1 ? "" : "s") +
              "): the last good site is shown";
            heading.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#fff;";
            var list = document.createElement("pre");
            list.textContent = errors.join("\n");
            list.style.cssText = "white-space:pre-wrap;margin:0 0 .5rem;font:14px/1.4 ui-monospace,monospace;color:#fff;";
            var close = document.createElement("button");
            close.type = "button";
            close.textContent = "Close";
            close.style.cssText = "font:inherit;color:#8b0000;background:#fff;border:2px solid #fff;padding:.25rem 1rem;";
            close.addEventListener("click", function () { box.remove(); });
            box.appendChild(heading);
            box.appendChild(list);
            box.appendChild(close);
            document.body.appendChild(box);
          }
          // A refused poll (503: too many pages waiting) waits as long as Retry-After says; a
          // failed one backs off, doubling up to 10 s; so no page ever polls in a tight loop.
          function poll() {
            fetch("/__cecsite/events?since=" + generation, { cache: "no-store" })
              .then(function (r) {
                if (!r.ok) {
                  var wait = Number(r.headers.get("Retry-After")) * 1000;
                  throw { retryAfter: wait > 0 ? wait : 0 };
                }
                return r.json();
              })
              .then(function (state) {
                delay = 500;
                if (state.generation > generation) {
                  if (state.ok) { location.reload(); return; }
                  generation = state.generation;
                  overlay(state.errors);
                }
                poll();
              })
              .catch(function (failure) {
                delay = Math.min(delay * 2, 10000);
                setTimeout(poll, Math.max(delay, (failure && failure.retryAfter) || 0));
              });
          }
          poll();
        })();
        """#
}
