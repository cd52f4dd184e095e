// While someone writes a new idea, show the projects that are already like it (the preview
// button shows the same without JavaScript). Only the platform's own server is asked.
(function () {
  "use strict";
  var box = document.getElementById("similar-live");
  var title = document.getElementById("title");
  var summary = document.getElementById("summary");
  if (!box || !title || !summary || !window.fetch) {
    return;
  }
  var timer = null;
  var last = "";

  function update() {
    var query = "title=" + encodeURIComponent(title.value.trim()) +
      "&summary=" + encodeURIComponent(summary.value.trim());
    if (query === last) {
      return;
    }
    last = query;
    if (title.value.trim().length < 3) {
      box.innerHTML = "";
      return;
    }
    fetch(box.getAttribute("data-url") + "?" + query, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        // The answer is the platform's own template, escaped on the server.
        if (query === last) {
          box.innerHTML = html;
          var heading = box.querySelector("h2");
          if (heading) {
            heading.id = "similar-live-heading";
            heading.parentNode.setAttribute("aria-labelledby", "similar-live-heading");
          }
        }
      })
      .catch(function () { /* the preview button still shows similar projects */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 500);
  }

  title.addEventListener("input", later);
  summary.addEventListener("input", later);
})();
