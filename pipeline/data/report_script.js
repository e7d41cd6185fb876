// The report's behaviour: sortable and filterable tables, and rows that show
// their sentence in the document. No libraries, no network.
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

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
    var index = header.cellIndex;
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: cellKey(row, index), position: position };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key, numeric);
      if (a.key !== "" && b.key !== "" && !ascending) order = -order;
      return order || a.position - b.position;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var fragment = document.createDocumentFragment();
    rows.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  function filterTable(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) return;
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var text = row.textContent.toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.classList.toggle("hidden", !match);
      if (match) shown += 1;
    });
    var counter = document.getElementById(input.getAttribute("data-counter"));
    if (counter) counter.textContent = shown + " of " + table.tBodies[0].rows.length + " rows";
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
    var link = event.target.closest("a[data-doc]");
    if (link) {
      openDocument(link.getAttribute("data-doc"));
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
