// Review workspace: keyboard navigation, saving without a reload, adding items from a selection.
// Every action also works without this script, through ordinary links and forms.
(function () {
  "use strict";

  var workspace = document.querySelector(".workspace");
  if (!workspace) { return; }
  var articleId = workspace.dataset.article;
  var order = workspace.dataset.order;
  var list = document.getElementById("item-list");
  var text = document.getElementById("review-text");
  var help = document.getElementById("help");

  function panel() { return document.getElementById("panel"); }
  function currentId() { var p = panel(); return p && p.dataset.segment ? p.dataset.segment : null; }
  function items() { return Array.prototype.slice.call(list.querySelectorAll("li[data-item]")); }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function markSelected(id) {
    items().forEach(function (li) {
      var link = li.querySelector("a");
      if (li.dataset.item === String(id)) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
    text.querySelectorAll("mark").forEach(function (mark) {
      var refs = (mark.dataset.refs || "").split(" ");
      mark.classList.toggle("selected", refs.indexOf(String(id)) !== -1);
    });
  }

  function replacePanel(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#panel");
    var old = panel();
    if (!fresh || !old) { return null; }
    old.replaceWith(fresh);
    var itemTemplate = holder.querySelector("template#panel-item");
    if (itemTemplate) { updateItem(fresh.dataset.segment, itemTemplate, fresh.dataset.verdict); }
    var progressTemplate = holder.querySelector("template#panel-progress");
    var progressBox = document.querySelector(".progress-box");
    if (progressTemplate && progressBox && progressTemplate.content.firstElementChild) {
      progressBox.replaceWith(progressTemplate.content.firstElementChild.cloneNode(true));
    }
    return fresh;
  }

  function updateItem(id, template, verdict) {
    var li = document.getElementById("item-" + id);
    var fresh = template.content.firstElementChild;
    if (li && fresh) {
      var wasCurrent = li.querySelector("a[aria-current]");
      li.replaceWith(fresh.cloneNode(true));
      if (wasCurrent) { markSelected(id); }
    }
    text.querySelectorAll("mark").forEach(function (mark) {
      if ((mark.dataset.refs || "").split(" ").indexOf(String(id)) === -1) { return; }
      Array.prototype.slice.call(mark.classList).forEach(function (name) {
        if (name.indexOf("verdict-") === 0) { mark.classList.remove(name); }
      });
      if (verdict) { mark.classList.add("verdict-" + verdict); }
    });
  }

  function panelUrl(id) {
    var url = "/review/articles/" + articleId + "?item=" + id;
    return order === "worthiness" ? url + "&order=worthiness" : url;
  }

  function select(id, focusPanel) {
    if (!id) { return; }
    // Until the new item arrives, shortcuts must not act on the one being replaced.
    var leaving = panel();
    if (leaving) { leaving.setAttribute("aria-busy", "true"); }
    fetch(panelUrl(id), { headers: { "X-Partial": "panel" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = replacePanel(html);
        if (!fresh) { window.location.href = panelUrl(id) + "#panel"; return; }
        markSelected(id);
        history.replaceState(null, "", panelUrl(id) + "#panel");
        var li = document.getElementById("item-" + id);
        if (li) { li.scrollIntoView({ block: "nearest" }); }
        if (fresh && focusPanel) { fresh.focus({ preventScroll: true }); }
      })
      .catch(function () { window.location.href = panelUrl(id) + "#panel"; });
  }

  function step(delta) {
    var all = items();
    if (!all.length) { return; }
    var index = all.findIndex(function (li) { return li.dataset.item === currentId(); });
    var next = index === -1 ? (delta > 0 ? 0 : all.length - 1) : index + delta;
    if (next < 0 || next >= all.length) { return; }
    select(all[next].dataset.item, true);
  }

  function save(form) {
    var state = form.querySelector(".save-state");
    if (state) { state.textContent = "Saving…"; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Partial": "panel" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.text().then(function (html) { return { status: response.status, html: html }; });
      })
      .then(function (result) {
        var fresh = replacePanel(result.html);
        if (!fresh) { form.submit(); return; }
        var message = fresh.querySelector(".save-state");
        if (result.status === 200 && message) { message.textContent = "Saved."; }
        // The old form is gone with the focus it held: keep keyboard users in the panel,
        // where j/k and the other keys work again.
        if (result.status === 200) { fresh.focus({ preventScroll: true }); }
        if (result.status === 409) {
          var conflict = fresh.querySelector("#conflict");
          if (conflict) { conflict.focus(); conflict.scrollIntoView({ block: "start" }); }
        }
        if (result.status === 400) {
          var invalid = fresh.querySelector("[aria-invalid=true]");
          if (invalid) { invalid.focus(); }
        }
      })
      .catch(function () { form.submit(); });
  }

  // Saving without a reload: the annotation form and the conflict's "keep mine" form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "annotation-form" || form.classList.contains("keep-mine")) {
      event.preventDefault();
      save(form);
    }
  });

  // Choosing an item from the list or from its highlight in the text.
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var li = event.target.closest("li[data-item]");
    if (!link || !li || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    event.preventDefault();
    select(li.dataset.item, false);
  });
  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-refs]");
    if (!mark || !window.getSelection().isCollapsed) { return; }
    var refs = mark.dataset.refs.split(" ");
    // Clicking again on nested highlights cycles through the items they belong to.
    var at = refs.indexOf(currentId());
    select(refs[(at + 1) % refs.length], false);
  });

  // Turning a text selection into offsets of the clean text.
  function offsetOf(node, offset) {
    var element = node.nodeType === 3 ? node.parentElement : node;
    var piece = element.closest("[data-start]");
    if (!piece || !text.contains(piece)) { return null; }
    if (node.nodeType !== 3) { return Number(piece.dataset.start) + (offset > 0 ? piece.textContent.length : 0); }
    return Number(piece.dataset.start) + offset;
  }

  function readSelection() {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) { return null; }
    return { start: start, end: end, words: selection.toString() };
  }

  function fillForm(form, chosen) {
    if (!form) { return; }
    form.querySelector("[name=start]").value = chosen.start;
    form.querySelector("[name=end]").value = chosen.end;
    form.querySelector("[name=words]").value = chosen.words;
  }

  text.addEventListener("mouseup", function () {
    var chosen = readSelection();
    if (!chosen) { return; }
    fillForm(document.getElementById("add-form"), chosen);
    fillForm(document.getElementById("span-form"), chosen);
    document.getElementById("add-item").open = true;
  });

  // Typed words replace a selection's offsets.
  document.addEventListener("input", function (event) {
    if (event.target.name !== "words") { return; }
    var form = event.target.form;
    form.querySelector("[name=start]").value = "";
    form.querySelector("[name=end]").value = "";
  });

  function chooseVerdict(number) {
    var form = document.getElementById("annotation-form");
    var verdict = form && form.querySelector("[name=verdict]");
    if (!verdict || number >= verdict.options.length) { return; }
    verdict.selectedIndex = number;
    verdict.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("keydown", function (event) {
    var form = document.getElementById("annotation-form");
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      var target = event.target.form || form;
      if (target) { event.preventDefault(); target.requestSubmit(); }
      return;
    }
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var current = panel();
    if (current && current.getAttribute("aria-busy") === "true" && event.key !== "?") {
      event.preventDefault();
      return;
    }
    if (help && help.open && event.key !== "?") { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); step(1); }
    else if (key === "k" || key === "ArrowUp") { event.preventDefault(); step(-1); }
    else if (/^[0-9]$/.test(key)) { event.preventDefault(); chooseVerdict(Number(key)); }
    else if (key === "d" && form) { event.preventDefault(); form.querySelector("[name=status]").value = "done"; }
    else if (key === "e" && form) {
      event.preventDefault();
      var empty = Array.prototype.find.call(
        form.querySelectorAll("input[name$='-url']"), function (input) { return !input.value; }
      ) || form.querySelector("input[name$='-url']");
      if (empty) { empty.focus(); }
    }
    else if (key === "n" && form) { event.preventDefault(); form.querySelector("[name=note]").focus(); }
    else if (key === "s" && form) { event.preventDefault(); form.requestSubmit(); }
    else if (key === "a") {
      var add = document.getElementById("add-form");
      if (add && add.querySelector("[name=start]").value) { event.preventDefault(); add.requestSubmit(); }
    }
    else if (key === "?") {
      event.preventDefault();
      if (help.open) { help.close(); } else { help.showModal(); }
    }
  });

  document.querySelectorAll("[data-help-open]").forEach(function (button) {
    button.addEventListener("click", function () { help.showModal(); });
  });
})();
