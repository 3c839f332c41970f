// The review page's script: actions sent to the server with the session's tokens, the answer's HTML swapped in,
// filters, and the keyboard. No framework, no build step.
(function () {
  "use strict";
  var body = document.body;
  var token = body.dataset.token, csrf = body.dataset.csrf, lang = body.dataset.lang;
  var article = body.dataset.article;
  var revision = parseInt(body.dataset.revision, 10);
  var show = body.dataset.show || "all";
  var status = document.getElementById("status");
  var busy = false;

  function say(text, error) {
    status.textContent = text || "";
    status.className = error ? "error" : "";
  }

  function segments() { return Array.prototype.slice.call(document.querySelectorAll(".seg")); }
  function current() { return document.querySelector(".seg.current") || null; }

  function select(seg, scroll) {
    segments().forEach(function (s) { s.classList.remove("current"); });
    if (!seg) { return; }
    seg.classList.add("current");
    if (scroll !== false) { seg.scrollIntoView({ block: "nearest" }); }
    if (document.activeElement === document.body || !seg.contains(document.activeElement)) { seg.focus({ preventScroll: true }); }
  }

  function visible() { return segments().filter(function (s) { return !s.hidden; }); }

  function move(step) {
    var list = visible();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    index = index < 0 ? 0 : Math.max(0, Math.min(list.length - 1, index + step));
    select(list[index]);
  }

  function applyFilter() {
    var shown = 0;
    segments().forEach(function (s) {
      var keep = show === "all" || (show === "flagged" && s.dataset.flagged === "1") ||
        (show === "open" && s.dataset.state !== "approved");
      s.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    document.querySelector(".empty").hidden = shown > 0;
    document.querySelectorAll("[data-filter]").forEach(function (a) {
      a.setAttribute("aria-pressed", a.dataset.filter === show ? "true" : "false");
    });
  }

  function setFilter(name) {
    show = show === name ? "all" : name;
    applyFilter();
    var url = new URL(window.location.href);
    url.searchParams.set("show", show);
    window.history.replaceState(null, "", url.toString());
  }

  function send(action, data) {
    if (busy) { return Promise.resolve(null); }
    busy = true;
    say(document.getElementById("segments").dataset.working);
    var payload = Object.assign({ revision: revision, lang: lang }, data || {});
    var headers = { "Content-Type": "application/json", "X-Desk-Token": token, "X-CSRF-Token": csrf };
    return fetch("/api/a/" + article + "/" + action, {
      method: "POST", headers: headers, body: JSON.stringify(payload), credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, message: response.statusText }; })
        .then(function (answer) { answer.status = response.status; return answer; });
    }).then(function (answer) {
      busy = false;
      if (answer.conflict) {
        var box = document.getElementById("conflict");
        box.querySelector(".text").textContent = answer.message;
        box.hidden = false;
        say("");
        return null;
      }
      if (!answer.ok) { say(answer.message || String(answer.status), true); return null; }
      if (answer.reload) { window.location.reload(); return null; }
      revision = answer.revision;
      body.dataset.revision = String(revision);
      document.getElementById("counts").textContent = answer.counts;
      document.getElementById("unsaved").hidden = !answer.unsaved;
      say(answer.message || "");
      if (answer.flags) {
        Object.keys(answer.flags).forEach(function (id) {
          var seg = document.getElementById("seg-" + id);
          if (seg) { seg.dataset.flagged = answer.flags[id] ? "1" : "0"; }
        });
      }
      return answer;
    }).catch(function (error) { busy = false; say(String(error), true); return null; });
  }

  function swap(seg, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.firstElementChild;
    var live = document.getElementById(fresh.id) || seg;  // the one shown now, whatever replaced it meanwhile
    live.replaceWith(fresh);
    wire(fresh);
    applyFilter();
    select(fresh, false);
    return fresh;
  }

  function act(seg, action, extra) {
    return send(action, Object.assign({ id: seg.dataset.id }, extra || {})).then(function (answer) {
      if (answer && answer.html) { return swap(seg, answer.html); }
      return null;
    });
  }

  function commit(seg) {
    var box = seg.querySelector("textarea");
    // a segment already replaced (its text sent: Chrome fires "change" on a removed field) sends nothing
    if (!seg.isConnected || !box || box.value.trim() === box.dataset.text.trim()) { return Promise.resolve(seg); }
    return act(seg, "edit", { text: box.value });
  }

  function fit(box) {
    box.style.height = "auto";
    box.style.height = (box.scrollHeight + 2) + "px";
  }

  function wire(seg) {
    var box = seg.querySelector("textarea");
    if (box) {
      fit(box);
      box.addEventListener("input", function () { fit(box); });
      box.addEventListener("focus", function () { select(seg, false); });
      box.addEventListener("change", function () { commit(seg); });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.preventDefault(); box.blur(); seg.focus(); }
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); commit(seg); }
      });
    }
    seg.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) { if (!event.target.closest("textarea")) { select(seg, false); } return; }
      var action = button.dataset.action;
      if (action === "revert") { box.value = box.dataset.machine; commit(seg); return; }
      commit(seg).then(function (fresh) {
        if (fresh && fresh !== seg) { seg = fresh; }
        act(seg, action);
      });
    });
  }

  function pageAction(action) {
    var seg = current();
    var pending = seg ? commit(seg) : Promise.resolve(null);
    pending.then(function () {
      if (action === "reload-page") { window.location.reload(); return; }
      send(action);
    });
  }

  segments().forEach(wire);
  document.querySelectorAll(".tools [data-action], .conflict [data-action]").forEach(function (button) {
    button.addEventListener("click", function () { pageAction(button.dataset.action); });
  });
  document.querySelectorAll("[data-filter]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.preventDefault(); setFilter(a.dataset.filter); });
  });

  document.addEventListener("keydown", function (event) {
    var inText = event.target && event.target.tagName === "TEXTAREA";
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      pageAction("save");
      return;
    }
    if (inText || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var seg = current();
    switch (event.key) {
      case "j": case "ArrowDown": event.preventDefault(); move(1); break;
      case "k": case "ArrowUp": event.preventDefault(); move(-1); break;
      case "e": case "Enter":
        if (seg) { event.preventDefault(); seg.querySelector("textarea").focus(); }
        break;
      case "a": if (seg) { event.preventDefault(); act(seg, "approve"); } break;
      case "r": if (seg) { event.preventDefault(); act(seg, "reopen"); } break;
      case "f": event.preventDefault(); setFilter("flagged"); break;
      case "u": event.preventDefault(); setFilter("open"); break;
      default: break;
    }
  });

  applyFilter();
  var first = visible()[0];
  if (first) { select(first, false); }
}());
