/* The map of projects (/map) and the place picker of the project form.

   Nothing here asks another host for anything until the visitor presses the button: only then
   Leaflet (static/vendor/leaflet, from this site) is loaded and the map pictures (tiles) are
   fetched from the tile server named in the city's settings. The choice is remembered for
   this browser tab only (sessionStorage, never a cookie), so that changing the filters does
   not ask again. Every text comes from data-text-* attributes, so it is translated. */
(function () {
  "use strict";

  var CONSENT_KEY = "civic.map.allowed";
  // The number on a pin; its colour and shape come from the CSS class pin-<phase>.
  var PHASE_NUMBERS = { initiation: "1", development: "2", implementation: "3" };
  var leaflet = null;

  function remembered() {
    try {
      return window.sessionStorage.getItem(CONSENT_KEY) === "yes";
    } catch (error) {
      return false;
    }
  }

  function remember() {
    try {
      window.sessionStorage.setItem(CONSENT_KEY, "yes");
    } catch (error) {
      /* private mode: the choice is simply not remembered */
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  // Leaflet's script and style sheet, from this site, once.
  function loadLeaflet(el) {
    if (!leaflet) {
      var style = new Promise(function (resolve, reject) {
        var link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = el.dataset.leafletCss;
        link.onload = resolve;
        link.onerror = reject;
        document.head.appendChild(link);
      });
      var script = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = el.dataset.leafletJs;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
      leaflet = Promise.all([style, script]).then(function () {
        return window.L;
      });
    }
    return leaflet;
  }

  // A map in ``el`` with the tiles that ``settings`` (an element's data-* attributes) name.
  function createMap(L, el, settings, center, zoom) {
    var texts = settings.dataset;
    var map = L.map(el, {
      center: center,
      zoom: zoom,
      minZoom: 1,
      maxZoom: 19,
      zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: texts.textZoomIn, zoomOutTitle: texts.textZoomOut }).addTo(map);
    // Leaflet names the close button of a popup in English only.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", texts.textClose);
        close.setAttribute("title", texts.textClose);
      }
    });
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" hreflang="en">Leaflet</a>'
    );
    L.tileLayer(settings.dataset.tileUrl, {
      attribution: escapeHtml(settings.dataset.attribution || ""),
      maxZoom: 19,
      // Tile servers such as OpenStreetMap's ask for the site's address (not the page's).
      referrerPolicy: "strict-origin",
    }).addTo(map);
    return map;
  }

  function startingPoint(el) {
    return [parseFloat(el.dataset.latitude), parseFloat(el.dataset.longitude)];
  }

  // --- the map page -----------------------------------------------------------------------

  function safeLink(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : "#";
    } catch (error) {
      return "#";
    }
  }

  function line(text, className) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function popupContent(el, props) {
    var box = document.createElement("div");
    var title = document.createElement("p");
    title.className = "map-popup-title";
    var link = document.createElement("a");
    link.href = safeLink(props.url);
    link.textContent = props.title;
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(line(el.dataset.textPhase + " " + props.phase_label, "map-popup-line"));
    if (props.place) {
      box.appendChild(line(el.dataset.textPlace + " " + props.place, "map-popup-line"));
    }
    if (props.districts && props.districts.length) {
      box.appendChild(line(props.districts.join(", "), "map-popup-line"));
    }
    return box;
  }

  function addPin(L, map, el, item) {
    var props = item.properties;
    var coords = item.geometry.coordinates;
    var phase = String(props.phase).replace(/[^a-z]/g, "");
    var icon = L.divIcon({
      className: "pin pin-" + phase,
      html: "<span>" + (PHASE_NUMBERS[phase] || "") + "</span>",
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -15],
    });
    var marker = L.marker([coords[1], coords[0]], {
      icon: icon,
      title: props.title,
      keyboard: true,
      riseOnHover: true,
    }).addTo(map);
    marker.bindPopup(popupContent(el, props));
    var node = marker.getElement();
    node.setAttribute("aria-label", props.title + " – " + el.dataset.textPhase + " " + props.phase_label);
    node.dataset.projectId = String(props.id);
    // Enter or space opens the popup and moves to its link; Escape brings the focus back.
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        marker.openPopup();
        var link = marker.getPopup().getElement().querySelector("a[href]:not(.leaflet-popup-close-button)");
        if (link) link.focus();
      }
    });
    marker.on("popupclose", function () {
      var popup = marker.getPopup().getElement();
      if (popup && popup.contains(document.activeElement)) node.focus();
    });
    return [coords[1], coords[0]];
  }

  function showProjects(L, map, el, status) {
    return fetch(el.dataset.geojson, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var points = data.features.map(function (item) {
          return addPin(L, map, el, item);
        });
        status.textContent = points.length
          ? fill(el.dataset.textShown, { num: String(points.length) })
          : el.dataset.textNone;
        if (el.dataset.fit === "true" && points.length) {
          map.fitBounds(points, { maxZoom: 16, padding: [30, 30] });
        }
      });
  }

  function setUpMapPage(el) {
    var button = document.getElementById("map-load");
    var status = document.getElementById("map-status");
    var note = document.getElementById("map-remember");
    button.hidden = false;
    if (note) note.hidden = false;

    function show(moveFocus) {
      button.disabled = true;
      status.textContent = el.dataset.textLoading;
      loadLeaflet(el)
        .then(function (L) {
          button.hidden = true;
          el.hidden = false;
          var map = createMap(L, el, el, startingPoint(el), parseInt(el.dataset.zoom, 10));
          if (moveFocus) el.focus();
          return showProjects(L, map, el, status);
        })
        .catch(function (error) {
          status.textContent = el.dataset.textFailed;
          if (window.console) window.console.error(error);
        });
    }

    button.addEventListener("click", function () {
      remember();
      show(true);
    });
    if (remembered()) show(false);
  }

  // --- the place picker of the project form -------------------------------------------------

  function setUpPicker(box) {
    var form = box.closest("form");
    var latInput = form.querySelector("[name=latitude]");
    var lonInput = form.querySelector("[name=longitude]");
    var button = box.querySelector("[data-map-load]");
    var el = box.querySelector("[data-map]");
    var help = box.querySelector("[data-map-help]");
    var status = box.querySelector("[data-map-status]");
    if (!latInput || !lonInput) return;
    box.hidden = false;

    function typed() {
      var lat = parseFloat(String(latInput.value).replace(",", "."));
      var lon = parseFloat(String(lonInput.value).replace(",", "."));
      if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
      return [lat, lon];
    }

    button.addEventListener("click", function () {
      remember();
      button.disabled = true;
      loadLeaflet(box)
        .then(function (L) {
          button.hidden = true;
          el.hidden = false;
          help.hidden = false;
          var start = typed();
          var map = createMap(
            L,
            el,
            box,
            start || startingPoint(box),
            start ? 16 : parseInt(box.dataset.zoom, 10)
          );
          var marker = null;

          function mark(latlng) {
            if (marker) marker.setLatLng(latlng);
            else
              marker = L.marker(latlng, {
                icon: L.divIcon({
                  className: "pin pin-chosen",
                  html: "<span>×</span>",
                  iconSize: [30, 30],
                  iconAnchor: [15, 15],
                }),
                keyboard: false,
                interactive: false,
              }).addTo(map);
          }

          function choose(latlng) {
            latlng = latlng.wrap();
            latInput.value = latlng.lat.toFixed(5);
            lonInput.value = latlng.lng.toFixed(5);
            mark(latlng);
            status.textContent = fill(box.dataset.textChosen, {
              lat: latInput.value,
              lon: lonInput.value,
            });
          }

          if (start) mark(start);
          map.on("click", function (event) {
            choose(event.latlng);
          });
          // Keyboard: move the map with the arrow keys, then Enter takes its centre.
          el.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && event.target === el) {
              event.preventDefault();
              choose(map.getCenter());
            }
          });
          [latInput, lonInput].forEach(function (input) {
            input.addEventListener("input", function () {
              var point = typed();
              if (point) {
                mark(point);
                map.panTo(point);
              }
            });
          });
          el.focus();
        })
        .catch(function (error) {
          button.disabled = false;
          button.hidden = false;
          status.textContent = box.dataset.textFailed;
          if (window.console) window.console.error(error);
        });
    });
  }

  function start() {
    var page = document.querySelector("[data-map-page]");
    if (page) setUpMapPage(page);
    Array.prototype.forEach.call(document.querySelectorAll("[data-location-picker]"), setUpPicker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
