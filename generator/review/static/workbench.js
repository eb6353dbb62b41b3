// The workbench's keys and in-place saving. Every change is a POST of the page's own forms;
// the server writes data/articles/<id>.yaml and answers with the page as it now is.
"use strict";

(function () {
  const state = { selected: null, messages: {} };

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.from((root || document).querySelectorAll(sel)); }
  function main() { return $("#workbench"); }
  function facts() { return $$(".fact"); }
  function cardOf(id) { return id ? document.getElementById("fact-" + id) : null; }

  function say(text, isError) {
    const line = $("#wb-status");
    if (!line) return;
    line.textContent = text;
    line.classList.toggle("wb-error", !!isError);
  }

  function select(id, scroll) {
    const card = cardOf(id);
    if (!card) return;
    state.selected = id;
    facts().forEach((c) => c.classList.toggle("is-selected", c === card));
    $$(".hl.is-current").forEach((h) => h.classList.remove("is-current"));
    const marks = $$(".hl").filter((h) => h.dataset.facts.split(" ").includes(id));
    marks.forEach((h) => h.classList.add("is-current"));
    main().dataset.selected = id;
    const url = new URL(location.href);
    url.searchParams.set("fact", id);
    history.replaceState(null, "", url);
    if (scroll !== false) {
      card.scrollIntoView({ block: "nearest" });
      if (marks.length) marks[0].scrollIntoView({ block: "center" });
    }
  }

  function move(step) {
    const line = $("#wb-status");
    if (line && line.classList.contains("wb-error")) say("");  // the refused value is left behind
    const all = facts();
    if (!all.length) return;
    const i = all.findIndex((c) => c.dataset.fact === state.selected);
    const next = all[Math.max(0, Math.min(all.length - 1, (i < 0 ? -1 : i) + step))];
    select(next.dataset.fact);
  }

  async function send(form, submitter) {
    const body = new URLSearchParams(new FormData(form, submitter));
    const keep = { text: $(".wb-text") && $(".wb-text").scrollTop, facts: $(".wb-facts") && $(".wb-facts").scrollTop };
    say(state.messages.working || "…");
    let answer;
    try {
      // getAttribute: form.action would be the buttons named "action"
      const response = await fetch(form.getAttribute("action"), {
        method: "POST", body, headers: { "Accept": "application/json" }, credentials: "same-origin",
      });
      answer = await response.json();
    } catch (err) {
      say(state.messages.offline || String(err), true);
      return;
    }
    if (!answer.ok) {
      say((state.messages.not_saved || "Not saved") + ": " + answer.error, true);
      const name = (answer.field || "").split(".").pop();
      const input = name && form.elements.namedItem(name);
      if (input && input.setAttribute) { input.setAttribute("aria-invalid", "true"); input.focus(); }
      return;
    }
    const doc = new DOMParser().parseFromString(answer.html, "text/html");
    const fresh = doc.getElementById("workbench");
    main().replaceWith(document.adoptNode(fresh));
    const corpus = doc.getElementById("corpus-progress");
    if (corpus) $("#corpus-progress").replaceWith(document.adoptNode(corpus));
    init();
    if ($(".wb-text")) $(".wb-text").scrollTop = keep.text;
    if ($(".wb-facts")) $(".wb-facts").scrollTop = keep.facts;
    select(answer.fact || state.selected, false);
    say((state.messages.saved || "Saved") + (answer.fact ? ": " + answer.fact : ""));
  }

  function act(action) {
    const card = cardOf(state.selected);
    const form = card && $(".fact__actions", card);
    if (!form) return;
    const button = $$("button", form).find((b) => b.value === action);
    send(form, button);
  }

  function focusField(key) {
    const card = cardOf(state.selected);
    const field = card && $('[data-key="' + key + '"]', card);
    if (field) { field.focus(); if (field.select) field.select(); }
  }

  // Offset of the selection's start in the article's cleaned text (the text element holds exactly it).
  function selectionInText() {
    const text = $("#article-text");
    const sel = window.getSelection();
    if (!text || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const quote = range.toString();
    return quote.trim() ? { quote, offset: before.toString().length } : null;
  }

  async function openAdd() {
    const picked = selectionInText();
    if (!picked) { say(state.messages.select_first, true); return; }
    const form = $("#add-form");
    form.elements.quote.value = picked.quote;
    form.elements.offset.value = picked.offset;
    form.hidden = false;
    // The pairing stated last before the selection (else the first after it) is the likeliest scope.
    const all = $$(".hl-pairings");
    const before = all.filter((h) => Number(h.dataset.start) <= picked.offset);
    const mark = before.length ? before[before.length - 1] : all[0];
    if (mark) {
      const ids = mark.dataset.facts.split(" ");
      const option = Array.from(form.elements.pairing.options).find((o) => ids.includes(o.value));
      if (option) form.elements.pairing.value = option.value;
    }
    try {
      const url = "/article/" + encodeURIComponent(main().dataset.article) + "/suggest?quote=" + encodeURIComponent(picked.quote);
      const answer = await (await fetch(url)).json();
      if (answer.value !== null && answer.value !== undefined) form.elements.value.value = answer.value;
    } catch (err) { /* the reviewer types the value */ }
    form.scrollIntoView({ block: "nearest" });
    form.elements.indicator.focus();
  }

  function closeAdd() {
    const form = $("#add-form");
    if (form) form.hidden = true;
  }

  function typing(target) {
    return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (typing(target)) {
      if (event.key === "Escape") {
        target.blur();
        if (target.form && target.form.id === "add-form") closeAdd();
        event.preventDefault();
      } else if (event.key === "Enter" && target.tagName === "SELECT" && target.form) {
        event.preventDefault();
        target.form.requestSubmit($('button[type="submit"], button[value="save"]', target.form));
      }
      return;
    }
    const keys = {
      j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
      a: () => act("accept"), r: () => act("reject"), u: () => act("unreview"),
      e: () => focusField("e"), i: () => focusField("i"), p: () => focusField("p"), l: () => focusField("l"),
      n: () => openAdd(), t: () => { const t = $("#title_translated"); if (t) t.focus(); },
      "]": () => { if (main().dataset.next) location.href = main().dataset.next; },
      "[": () => { if (main().dataset.previous) location.href = main().dataset.previous; },
      "?": () => $("#wb-keys").classList.toggle("is-hidden"),
      Escape: () => closeAdd(),
    };
    const handler = keys[event.key];
    if (handler && main() && main().classList.contains("wb-article")) {
      event.preventDefault();
      handler();
    }
  }

  function init() {
    const root = main();
    if (!root || !root.classList.contains("wb-article")) return;
    const messages = $("#wb-messages");
    state.messages = messages ? JSON.parse(messages.textContent) : {};
    $$("form", root).forEach((form) => form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(form, event.submitter);
    }));
    $$(".fact", root).forEach((card) => card.addEventListener("click", (event) => {
      if (!typing(event.target) && event.target.tagName !== "BUTTON") select(card.dataset.fact, false);
    }));
    $$(".hl", root).forEach((mark) => mark.addEventListener("click", () => {
      if (!window.getSelection().isCollapsed) return;  // selecting text to add a fact
      const ids = mark.dataset.facts.split(" ");
      const i = ids.indexOf(state.selected);
      select(ids[(i + 1) % ids.length]);  // clicking again cycles through the facts over this text
    }));
    const cancel = $("[data-cancel]", root);
    if (cancel) cancel.addEventListener("click", closeAdd);
    const chosen = root.dataset.selected || (facts()[0] && facts()[0].dataset.fact);
    if (chosen) {
      select(chosen, false);
      const card = cardOf(chosen);
      if (card) card.scrollIntoView({ block: "nearest" });
      const marks = $$(".hl.is-current");
      if (marks.length) marks[0].scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("DOMContentLoaded", init);
})();
