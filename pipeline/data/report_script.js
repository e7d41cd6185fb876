// The report's behaviour: sortable, filterable and paged tables, and rows
// that show their sentence (or open their document). No libraries, no network.
(function () {
  "use strict";

  // Each table is a list of rows, shown a page at a time in the current
  // order and filter. A short table's rows are all in the page; a long one
  // keeps its rows as JSON beside it, parsed the first time it is needed,
  // and each row's element is built only when its page is shown.
  var views = {};

  function viewOf(table) {
    if (!views[table.id]) views[table.id] = new TableView(table);
    return views[table.id];
  }

  function TableView(table) {
    this.table = table;
    this.pageSize = parseInt(table.getAttribute("data-page-size"), 10) || 1e9;
    this.page = 0;
    this.words = [];
    var shown = Array.prototype.slice.call(table.tBodies[0].rows);
    var block = document.getElementById(table.id + "-rows");
    var data = block ? JSON.parse(block.textContent) : null;
    this.rows = data ? data.map(function (cells, position) {
      return dataRow(cells, position, shown[position]);
    }) : shown.map(domRow);
  }

  function cellText(cell) {
    return typeof cell === "string" ? cell : cell[0];
  }

  function dataRow(cells, position, element) {
    var texts = cells.slice(1).map(cellText);
    return { keys: texts, search: texts.join(" ").toLowerCase(), cells: cells, element: element || null, position: position };
  }

  function domRow(row, position) {
    var texts = Array.prototype.map.call(row.cells, function (cell) {
      return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    });
    return { keys: texts, search: texts.join(" ").toLowerCase(), element: row, position: position };
  }

  // A row's element from its JSON; text goes in as text, never as markup.
  function buildRow(item) {
    var row = document.createElement("tr");
    var target = item.cells[0];
    if (target) {
      row.setAttribute("data-target", target);
      row.setAttribute("tabindex", "0");
      row.setAttribute("title", "show in the document");
    }
    item.cells.slice(1).forEach(function (cell) {
      var td = row.insertCell(-1);
      if (typeof cell === "string") { td.textContent = cell; return; }
      if (cell[1]) td.className = cell[1];
      if (cell.length < 4) { td.textContent = cell[0]; return; }
      var mark = document.createElement("span");
      mark.className = "cue-in-evidence";
      mark.textContent = cell[0].slice(cell[2], cell[3]);
      td.append(cell[0].slice(0, cell[2]), mark, cell[0].slice(cell[3]));
    });
    return row;
  }

  TableView.prototype.show = function () {
    var words = this.words;
    var matching = this.rows.filter(function (item) {
      return words.every(function (word) { return item.search.indexOf(word) !== -1; });
    });
    var pages = Math.max(1, Math.ceil(matching.length / this.pageSize));
    this.page = Math.min(Math.max(this.page, 0), pages - 1);
    var first = this.page * this.pageSize;
    var fragment = document.createDocumentFragment();
    matching.slice(first, first + this.pageSize).forEach(function (item) {
      if (!item.element) item.element = buildRow(item);
      fragment.appendChild(item.element);
    });
    this.table.tBodies[0].replaceChildren(fragment);
    var counter = document.querySelector("input.filter[data-table='" + this.table.id + "']");
    counter = counter && document.getElementById(counter.getAttribute("data-counter"));
    if (counter) {
      counter.textContent = words.length ? matching.length + " of " + this.rows.length + " rows" : this.rows.length + " rows";
    }
    var pager = document.querySelector(".pager[data-table='" + this.table.id + "']");
    if (pager) {
      var last = Math.min(first + this.pageSize, matching.length);
      pager.querySelector(".page-of").textContent = matching.length ? "rows " + (first + 1) + "–" + last : "no rows";
      pager.querySelector("[data-step='-1']").disabled = this.page === 0;
      pager.querySelector("[data-step='1']").disabled = this.page >= pages - 1;
    }
  };

  function compare(a, b, numeric) {
    if (a === "" && b === "") return 0;
    if (a === "") return 1; // empty cells last, whichever the direction
    if (b === "") return -1;
    if (numeric) {
      var x = parseFloat(a), y = parseFloat(b);
      if (!isNaN(x) && !isNaN(y)) return x - y;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortTable(table, header) {
    var view = viewOf(table);
    var index = header.cellIndex;
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    view.rows.sort(function (a, b) {
      var x = a.keys[index] || "", y = b.keys[index] || "";
      var order = compare(x, y, numeric);
      if (x !== "" && y !== "" && !ascending) order = -order;
      return order || a.position - b.position;
    });
    view.rows.forEach(function (item, position) { item.position = position; });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    view.page = 0;
    view.show();
  }

  function filterTable(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) return;
    var view = viewOf(table);
    view.words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    view.page = 0;
    view.show();
  }

  function turnPage(pager, step) {
    var table = document.getElementById(pager.getAttribute("data-table"));
    if (!table) return;
    var view = viewOf(table);
    view.page += step;
    view.show();
  }

  // A document kept as a string in the deferred-documents data block (large
  // corpora) is built when it is opened.
  var deferred = null;
  function materialise(details) {
    if (!details || !details.hasAttribute("data-deferred")) return;
    if (deferred === null) {
      var block = document.getElementById("deferred-documents");
      deferred = block ? JSON.parse(block.textContent) : {};
    }
    details.removeAttribute("data-deferred");
    details.insertAdjacentHTML("beforeend", deferred[details.id] || "");
  }

  function showSentence(id) {
    if (id.indexOf("doc-") === 0) {
      openDocument(id);
      var shown = document.getElementById(id);
      if (shown) shown.scrollIntoView({ block: "start" });
      return;
    }
    var target = document.getElementById(id);
    if (!target) {
      // Sentence ids read s-<document anchor>-<sent_id>.
      var anchor = id.replace(/^s-/, "").replace(/-[^-]*$/, "");
      materialise(document.getElementById("doc-" + anchor));
      target = document.getElementById(id);
    }
    if (!target) return;
    var details = target.closest("details");
    if (details) details.open = true;
    document.querySelectorAll(".sent.focus").forEach(function (element) {
      element.classList.remove("focus");
    });
    target.classList.add("focus");
    target.scrollIntoView({ block: "center" });
  }

  function openDocument(id) {
    var target = document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      materialise(target);
      target.open = true;
    }
  }

  document.addEventListener("toggle", function (event) {
    if (event.target.tagName === "DETAILS" && event.target.open) materialise(event.target);
  }, true);

  document.querySelectorAll("table.sortable thead th").forEach(function (header) {
    var button = header.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      sortTable(header.closest("table"), header);
    });
  });

  document.querySelectorAll("input.filter").forEach(function (input) {
    input.addEventListener("input", function () { filterTable(input); });
  });

  document.addEventListener("click", function (event) {
    var step = event.target.closest(".pager button[data-step]");
    if (step) {
      turnPage(step.closest(".pager"), parseInt(step.getAttribute("data-step"), 10));
      return;
    }
    var row = event.target.closest("tr[data-target]");
    if (row) showSentence(row.getAttribute("data-target"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var row = event.target.closest && event.target.closest("tr[data-target]");
    if (row) showSentence(row.getAttribute("data-target"));
  });

  document.documentElement.setAttribute("data-ready", "true");
})();
