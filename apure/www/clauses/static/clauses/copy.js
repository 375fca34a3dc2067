// « Copier » buttons beside clause texts. Progressive enhancement: without JavaScript (or
// without the clipboard API) no button appears and the text stays selectable as usual.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("[data-copiable]").forEach(function (block) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button-secondary copy-button";
    button.textContent = "Copier le texte";
    status.setAttribute("role", "status");
    status.className = "small";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.innerText.trim()).then(
        function () { status.textContent = "Texte copié."; },
        function () { status.textContent = "Copie impossible : sélectionnez le texte."; }
      );
    });
    block.insertAdjacentElement("afterend", status);
    block.insertAdjacentElement("afterend", button);
  });
})();
