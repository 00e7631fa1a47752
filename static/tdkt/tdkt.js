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
})();
