// The file buttons (tdkt/file_input.html): show the chosen files' names in the page's language, and add
// attachment rows from their <template> ("Thêm dòng"). Listeners sit on the document, so pages Turbo swaps
// in work without re-running this file.
(function () {
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("tdkt-file__input")) return;
    var names = input.parentElement.querySelector(".tdkt-file__names");
    if (!names) return;
    var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    names.textContent = chosen.length ? chosen.join(", ") : names.dataset.none;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) return;
    event.preventDefault();
    var prefix = button.dataset.addRow;
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var max = document.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
    var template = document.getElementById(prefix + "-empty-row");
    var body = document.getElementById(prefix + "-rows");
    if (!total || !template || !body) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { button.disabled = true; return; }
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
  });
  // A nomination row's findings as its person, title or rating is chosen (workflows/cases/findings.html): fetched
  // from the case's findings page and put under the row; without JS they show after "Lưu nháp".
  document.addEventListener("change", function (event) {
    var field = event.target;
    var table = field.closest && field.closest("[data-findings-url]");
    var match = field.name && field.name.match(/^(.+)-(staff|title|rating)$/);
    if (!table || !match) return;
    var prefix = match[1];
    var cell = table.querySelector('[data-findings-for="' + prefix + '"]');
    if (!cell) return;
    var value = function (name) {
      var input = table.querySelector('[name="' + prefix + "-" + name + '"]');
      return input ? input.value : "";
    };
    if (!value("title")) { cell.innerHTML = ""; return; }
    var query = new URLSearchParams({ staff: value("staff"), title: value("title"), rating: value("rating") });
    var asked = query.toString();
    cell.dataset.asked = asked;
    fetch(table.dataset.findingsUrl + "?" + asked, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (cell.dataset.asked === asked) cell.innerHTML = html; })
      .catch(function () {});
  });
})();
