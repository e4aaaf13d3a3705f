/* Concept-map page script, inlined by viz/concept_map.py after vis-network.
 * Safety rule: text from documents (labels, titles, aliases, attributes, sentences...) is only ever
 * inserted with textContent / createTextNode, never as HTML; the only links built are in-page
 * "#node=<id>" fragments. The data come from the application/json blocks of the page. */
(function () {
  "use strict";

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  var records = readJson("concept-map-nodes");
  var edgeRecords = readJson("concept-map-edges");
  var details = readJson("concept-map-details");
  var meta = readJson("concept-map-meta");
  var options = readJson("concept-map-options");
  var container = document.getElementById("mynetwork");
  var panel = document.getElementById("panel");
  var statusLine = document.getElementById("status");

  var byId = new Map();
  records.forEach(function (record) { byId.set(record.id, record); });
  var edgesById = new Map();
  var adjacency = new Map(); // node id -> [{edge, other}] over the whole graph, drawn or not
  records.forEach(function (record) { adjacency.set(record.id, []); });
  edgeRecords.forEach(function (edge) {
    edgesById.set(edge.id, edge);
    if (adjacency.has(edge.from) && adjacency.has(edge.to)) {
      adjacency.get(edge.from).push({ edge: edge, other: edge.to });
      if (edge.from !== edge.to) adjacency.get(edge.to).push({ edge: edge, other: edge.from });
    }
  });

  var state = {
    colourBy: "type",
    hideHubs: false,
    kindsOff: new Set(),
    relationsOff: new Set(),
    depth: 1,
    selected: null,
    highlighted: null,
    focus: null,
    focusSet: null,
    drawn: new Set(),
    added: new Set()
  };
  var shownNode = new Map(); // id -> key of the look last given to vis
  var shownEdge = new Map();

  // ------------------------------------------------------------------ look of nodes and edges

  function kindKey(record) { return record.node_type + "|" + record.kind; }

  function isVisible(id) {
    var record = byId.get(id);
    if (state.focusSet && !state.focusSet.has(id)) return false;
    if (id === state.selected) return true;
    if (state.kindsOff.has(kindKey(record))) return false;
    if (state.hideHubs && record.hub) return false;
    return true;
  }

  function edgeVisible(edge) {
    return !state.relationsOff.has(edge.relation) && isVisible(edge.from) && isVisible(edge.to);
  }

  function hexToRgba(hex, alpha) {
    var value = parseInt(hex.slice(1), 16);
    return "rgba(" + ((value >> 16) & 255) + "," + ((value >> 8) & 255) + "," + (value & 255) + "," + alpha + ")";
  }

  function nodeLook(id) {
    var record = byId.get(id);
    var hidden = !isVisible(id);
    var dim = !!(state.highlighted && !state.highlighted.has(id));
    var colour = state.colourBy === "community" ? record.community_colour : record.type_colour;
    var key = (hidden ? "h" : "v") + (dim ? "d" : "n") + colour;
    var fill = dim ? hexToRgba(colour, 0.18) : colour;
    var border = dim ? "rgba(68,68,68,0.2)" : "#444444";
    return {
      key: key,
      update: {
        id: id,
        hidden: hidden,
        dimmed: dim,
        color: {
          background: fill, border: border,
          highlight: { background: colour, border: "#000000" },
          hover: { background: fill, border: "#000000" }
        },
        font: { color: dim ? "rgba(34,34,34,0.25)" : "#222222" }
      }
    };
  }

  function edgeLook(edge) {
    var hidden = state.relationsOff.has(edge.relation);
    var dim = !!(state.highlighted && !(state.highlighted.has(edge.from) && state.highlighted.has(edge.to)));
    return {
      key: (hidden ? "h" : "v") + (dim ? "d" : "n"),
      update: { id: edge.id, hidden: hidden, color: dim ? "rgba(190,190,190,0.2)" : edge.color }
    };
  }

  function visNode(record) {
    var look = nodeLook(record.id);
    shownNode.set(record.id, look.key);
    var node = {
      id: record.id, label: record.label, title: record.title, shape: record.shape, size: record.size,
      x: record.x, y: record.y, kind: record.kind, node_type: record.node_type,
      community: record.community, hub: record.hub, added: !record.drawn
    };
    Object.keys(look.update).forEach(function (name) { node[name] = look.update[name]; });
    return node;
  }

  function visEdge(edge) {
    var look = edgeLook(edge);
    shownEdge.set(edge.id, look.key);
    var drawnEdge = {
      id: edge.id, from: edge.from, to: edge.to, relation: edge.relation, title: edge.title,
      width: edge.width, dashes: edge.dashes
    };
    if (edge.arrows) drawnEdge.arrows = edge.arrows;
    drawnEdge.hidden = look.update.hidden;
    drawnEdge.color = look.update.color;
    return drawnEdge;
  }

  /* Re-apply filters, colour mode and highlight: only nodes and edges whose look changed are sent
   * to vis-network, in one batch each. */
  function refresh() {
    var nodeUpdates = [];
    state.drawn.forEach(function (id) {
      var look = nodeLook(id);
      if (shownNode.get(id) !== look.key) { shownNode.set(id, look.key); nodeUpdates.push(look.update); }
    });
    var edgeUpdates = [];
    edges.forEach(function (drawnEdge) {
      var look = edgeLook(edgesById.get(drawnEdge.id));
      if (shownEdge.get(drawnEdge.id) !== look.key) { shownEdge.set(drawnEdge.id, look.key); edgeUpdates.push(look.update); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  /* Draw nodes that were left out (top-N by PageRank) together with the edges joining them to the drawn set. */
  function draw(ids) {
    var fresh = ids.filter(function (id) { return byId.has(id) && !state.drawn.has(id); });
    if (!fresh.length) return 0;
    fresh.forEach(function (id) { state.drawn.add(id); state.added.add(id); });
    nodes.add(fresh.map(function (id) { return visNode(byId.get(id)); }));
    var newEdges = [];
    var seen = new Set();
    fresh.forEach(function (id) {
      adjacency.get(id).forEach(function (link) {
        if (state.drawn.has(link.other) && !seen.has(link.edge.id) && edges.get(link.edge.id) === null) {
          seen.add(link.edge.id);
          newEdges.push(visEdge(link.edge));
        }
      });
    });
    if (newEdges.length) edges.add(newEdges);
    var counter = document.getElementById("hidden-count");
    if (counter) counter.textContent = (meta.total_nodes - state.drawn.size).toLocaleString("en-US");
    return fresh.length;
  }

  // ------------------------------------------------------------------------ neighbourhoods

  /* Nodes within `depth` hops of `id` along the edges currently shown. */
  function neighbourhood(id, depth) {
    var found = new Set([id]);
    var frontier = [id];
    for (var step = 0; step < depth; step++) {
      var next = [];
      frontier.forEach(function (current) {
        adjacency.get(current).forEach(function (link) {
          if (found.has(link.other) || !state.drawn.has(link.other)) return;
          if (!edgeVisible(link.edge)) return;
          found.add(link.other);
          next.push(link.other);
        });
      });
      frontier = next;
    }
    return found;
  }

  /* Two hops over the whole graph (drawn or not, filters ignored): the focus view's nodes, by distance. */
  function rings(id) {
    var first = [];
    var second = [];
    var seen = new Set([id]);
    var parent = new Map();
    adjacency.get(id).forEach(function (link) {
      if (!seen.has(link.other)) { seen.add(link.other); first.push(link.other); }
    });
    first.forEach(function (near) {
      adjacency.get(near).forEach(function (link) {
        if (!seen.has(link.other)) { seen.add(link.other); second.push(link.other); parent.set(link.other, near); }
      });
    });
    return { first: first, second: second, parent: parent };
  }

  // ------------------------------------------------------------------------------ selection

  function say(text) { statusLine.textContent = text || ""; }

  function fragment() {
    var params = [];
    if (state.selected !== null) params.push("node=" + encodeURIComponent(state.selected));
    if (state.focus !== null) params.push("focus=" + encodeURIComponent(state.focus));
    return params.length ? "#" + params.join("&") : "";
  }

  function writeFragment(push) {
    var url = location.href.split("#")[0] + fragment();
    if (url === location.href) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  function select(id, how) {
    how = how || {};
    if (!byId.has(id)) { say("No node with id " + JSON.stringify(id) + " in this map."); return false; }
    say(focusText());
    var wasDrawn = state.drawn.has(id);
    var neighbours = 0;
    if (!wasDrawn) {
      var around = adjacency.get(id).map(function (link) { return link.other; });
      draw([id].concat(around));
      neighbours = new Set(around).size;
    }
    state.selected = id;
    state.highlighted = neighbourhood(id, state.depth);
    refresh();
    network.selectNodes([id]);
    renderPanel(id, wasDrawn ? null : neighbours);
    if (how.fly) {
      network.focus(id, {
        scale: Math.max(network.getScale(), 1.0),
        locked: false,
        animation: how.instant ? false : { duration: 450, easingFunction: "easeInOutQuad" }
      });
    }
    if (!how.keepFragment) writeFragment(!!how.push);
    return true;
  }

  function clearSelection(how) {
    how = how || {};
    state.selected = null;
    state.highlighted = null;
    refresh();
    network.unselectAll();
    panel.hidden = true;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    if (!how.keepFragment) writeFragment(false);
  }

  function setDepth(depth) {
    state.depth = depth === 2 ? 2 : 1;
    document.getElementById("depth").value = String(state.depth);
    if (state.selected !== null) { state.highlighted = neighbourhood(state.selected, state.depth); refresh(); }
  }

  // ----------------------------------------------------------------------------- focus view

  function setFocus(id, how) {
    how = how || {};
    if (!byId.has(id)) { say("No node with id " + JSON.stringify(id) + " in this map."); return false; }
    if (state.focus !== null) restorePositions();
    var found = rings(id);
    draw([id].concat(found.first, found.second));
    state.focus = id;
    state.focusSet = new Set([id].concat(found.first, found.second));
    // radial layout: the node in the middle, its neighbours on a ring, theirs on an outer ring,
    // each ring ordered by the angle the nodes have on the whole map, so the picture stays familiar
    var centre = byId.get(id);
    function angle(other) { var r = byId.get(other); return Math.atan2(r.y - centre.y, r.x - centre.x); }
    var first = found.first.slice().sort(function (a, b) { return angle(a) - angle(b); });
    var order = new Map();
    first.forEach(function (near, index) { order.set(near, index); });
    var second = found.second.slice().sort(function (a, b) {
      return (order.get(found.parent.get(a)) - order.get(found.parent.get(b))) || (angle(a) - angle(b));
    });
    var inner = Math.max(220, first.length * 60 / (2 * Math.PI));
    var outer = Math.max(inner + 240, second.length * 45 / (2 * Math.PI));
    var moves = [{ id: id, x: 0, y: 0 }];
    first.forEach(function (near, index) {
      var a = 2 * Math.PI * index / Math.max(first.length, 1);
      moves.push({ id: near, x: inner * Math.cos(a), y: inner * Math.sin(a) });
    });
    second.forEach(function (far, index) {
      var a = 2 * Math.PI * (index + 0.5) / Math.max(second.length, 1);
      moves.push({ id: far, x: outer * Math.cos(a), y: outer * Math.sin(a) });
    });
    nodes.update(moves);
    document.getElementById("exit-focus").hidden = false;
    if (state.selected === null || !state.focusSet.has(state.selected)) {
      select(id, { keepFragment: true });
    } else {
      state.highlighted = neighbourhood(state.selected, state.depth);
      refresh();
    }
    refresh();
    network.fit({ nodes: Array.from(state.focusSet), animation: how.instant ? false : { duration: 450 } });
    if (!how.keepFragment) writeFragment(true);
    say(focusText());
    return true;
  }

  function focusText() {
    if (state.focus === null) return "";
    return "Focused on the 2-hop neighbourhood of " + byId.get(state.focus).label + " (" + state.focusSet.size + " nodes).";
  }

  function restorePositions() {
    var moves = [];
    state.focusSet.forEach(function (id) { var r = byId.get(id); moves.push({ id: id, x: r.x, y: r.y }); });
    nodes.update(moves);
  }

  function exitFocus(how) {
    how = how || {};
    if (state.focus === null) return;
    restorePositions();
    state.focus = null;
    state.focusSet = null;
    document.getElementById("exit-focus").hidden = true;
    if (state.selected !== null) state.highlighted = neighbourhood(state.selected, state.depth);
    refresh();
    network.fit({ animation: how.instant ? false : { duration: 450 } });
    if (!how.keepFragment) writeFragment(true);
    say("");
  }

  // ---------------------------------------------------------------------------- side panel

  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  function nodeLink(id, text) {
    var link = el("a", null, text);
    link.href = "#node=" + encodeURIComponent(id);
    link.dataset.node = id;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      select(id, { fly: true, push: true });
    });
    return link;
  }

  /* A link when the node is in the map, plain text otherwise. */
  function maybeLink(id, text) { return byId.has(id) ? nodeLink(id, text) : el("span", null, text); }

  function section(title) { var heading = el("h3", null, title); panel.appendChild(heading); return heading; }

  function metaLine(label, value) {
    var line = el("p", "meta");
    line.appendChild(el("strong", null, label + ": "));
    line.appendChild(document.createTextNode(value));
    panel.appendChild(line);
    return line;
  }

  function kindName(kind) { return kind ? kind.replace(/_/g, " ") : "unknown"; }

  function renderRelations(info) {
    if (!info.relations || !info.relations.length) return;
    var listed = info.relations.length < info.relations_total ? ", " + info.relations.length + " listed" : "";
    section("Relations (" + info.relations_total + listed + ")");
    var list = el("ul");
    info.relations.forEach(function (relation) {
      var row = el("li");
      var verb = relation.relation.replace(/_/g, " ");
      if (relation.direction === "out") {
        row.appendChild(document.createTextNode(verb + " → "));
        row.appendChild(maybeLink(relation.node_id, relation.label));
      } else {
        row.appendChild(maybeLink(relation.node_id, relation.label));
        row.appendChild(document.createTextNode(" " + verb + " → this"));
      }
      list.appendChild(row);
    });
    panel.appendChild(list);
  }

  function renderItem(info) {
    metaLine("Kind", info.kind_title);
    metaLine("Document", info.doc_title + (info.source_path ? " (" + info.source_path + ")" : ""));
    var attributes = info.attributes || {};
    var keys = Object.keys(attributes);
    if (keys.length) {
      section("Attributes");
      var list = el("dl");
      keys.forEach(function (key) {
        var value = attributes[key];
        list.appendChild(el("dt", null, key));
        list.appendChild(el("dd", null, typeof value === "string" ? value : JSON.stringify(value)));
      });
      panel.appendChild(list);
    }
    if (info.excerpt) { section("Excerpt"); panel.appendChild(el("p", "excerpt", info.excerpt)); }
    section("Entities (" + info.entities.length + ")");
    var entities = el("ul");
    info.entities.forEach(function (entity) {
      var row = el("li");
      row.appendChild(maybeLink(entity.node_id, entity.label));
      row.appendChild(el("span", "reason", " · " + kindName(entity.kind)));
      entities.appendChild(row);
    });
    panel.appendChild(entities);
    section("Related items (" + info.related.length + ")");
    var related = el("ol");
    info.related.forEach(function (item) {
      var row = el("li");
      row.appendChild(item.drawable ? nodeLink(item.node_id, item.title) : el("span", null, item.title));
      row.appendChild(el("span", "reason", " · " + kindName(item.kind) +
        (typeof item.score === "number" ? " · score " + item.score.toFixed(2) : "")));
      if (item.shared.length) {
        var shared = el("div", "reason", "shared: ");
        item.shared.forEach(function (entity, index) {
          if (index) shared.appendChild(document.createTextNode(", "));
          shared.appendChild(entity.drawable ? nodeLink(entity.node_id, entity.label) : el("span", null, entity.label));
        });
        if (item.shared_total > item.shared.length) shared.appendChild(document.createTextNode(" and " + (item.shared_total - item.shared.length) + " more"));
        row.appendChild(shared);
      }
      if (item.paths.length) row.appendChild(el("div", "reason", "via: " + item.paths.join("; ")));
      related.appendChild(row);
    });
    panel.appendChild(related);
    renderRelations(info);
  }

  /* Nodes beyond the most important ones carry no lists in the page: say where they are. */
  function renderLean(info, id) {
    metaLine(info.node_type === "entity" ? "Type" : "Kind", info.kind_title);
    if (info.node_type === "entity") {
      if (info.aliases.length) metaLine("Aliases", info.aliases.join(", "));
      if (info.description) panel.appendChild(el("p", "description", info.description));
    } else {
      metaLine("Document", info.doc_title + (info.source_path ? " (" + info.source_path + ")" : ""));
      if (info.summary) panel.appendChild(el("p", "excerpt", info.summary));
    }
    panel.appendChild(el("p", "notice",
      "This map carries the full details of its " + meta.detailed_nodes.toLocaleString("en-US") +
      " most important nodes (by PageRank). For this one, ask the warehouse, e.g.:"));
    var quoted = "'" + id.replace(/'/g, "''") + "'";
    var query = info.node_type === "entity"
      ? "SELECT * FROM entity_neighbours WHERE entity_id = " + quoted + " ORDER BY weight DESC"
      : "SELECT * FROM item_related_items WHERE item_id = " + quoted + " ORDER BY rank";
    panel.appendChild(el("pre", "sql", query));
  }

  function renderEntity(info) {
    metaLine("Type", info.kind_title);
    if (info.aliases.length) metaLine("Aliases", info.aliases.join(", "));
    if (info.categories.length) metaLine("Categories", info.categories.join(", "));
    if (info.description) panel.appendChild(el("p", "description", info.description));
    var totalItems = Object.values(info.mentioned_by_kinds).reduce(function (sum, n) { return sum + n; }, 0);
    section("Mentioned in " + totalItems + " item" + (totalItems === 1 ? "" : "s"));
    var groups = new Map();
    info.mentioned_by.forEach(function (item) {
      if (!groups.has(item.kind)) groups.set(item.kind, []);
      groups.get(item.kind).push(item);
    });
    groups.forEach(function (items, kind) {
      var ofKind = info.mentioned_by_kinds[kind];
      panel.appendChild(el("h4", null, kindName(kind) + " (" + ofKind + ")"));
      var list = el("ul", "mentioned-by");
      list.dataset.kind = kind;
      items.forEach(function (item) { var row = el("li"); row.appendChild(maybeLink(item.node_id, item.label)); list.appendChild(row); });
      if (ofKind > items.length) list.appendChild(el("li", "reason", "… and " + (ofKind - items.length) + " more (see the mentions table)"));
      panel.appendChild(list);
    });
    section("Evidence (" + info.evidence.length + ")");
    var evidence = el("ul", "evidence");
    info.evidence.forEach(function (entry) {
      var row = el("li", "evidence-entry");
      row.appendChild(el("p", "sentence", entry.sentence));
      var source = el("span", "reason", "— ");
      source.appendChild(entry.drawable ? nodeLink(entry.item_id, entry.item_title) : el("span", null, entry.item_title));
      source.appendChild(document.createTextNode(" (" + kindName(entry.item_kind) + ")"));
      row.appendChild(source);
      evidence.appendChild(row);
    });
    panel.appendChild(evidence);
    renderRelations(info);
  }

  function renderPanel(id, addedNeighbours) {
    var info = details[id];
    var record = byId.get(id);
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    var actions = el("div", "panel-actions");
    var focusButton = el("button", "focus-button", state.focus === id ? "Focused" : "Focus: 2-hop neighbourhood");
    focusButton.type = "button";
    focusButton.disabled = state.focus === id;
    focusButton.addEventListener("click", function () { setFocus(id); });
    var close = el("button", "close-button", "Close");
    close.type = "button";
    close.addEventListener("click", function () { clearSelection(); });
    actions.appendChild(focusButton);
    actions.appendChild(close);
    panel.appendChild(actions);
    panel.appendChild(el("h2", "panel-title", info.label));
    if (addedNeighbours !== null && addedNeighbours !== undefined) {
      panel.appendChild(el("p", "notice",
        "Not among the " + meta.drawn_nodes.toLocaleString("en-US") + " nodes drawn at first (top by PageRank): " +
        "now drawn with its " + addedNeighbours + " neighbour" + (addedNeighbours === 1 ? "" : "s") + "."));
    } else if (state.kindsOff.has(kindKey(record)) || (state.hideHubs && record.hub)) {
      panel.appendChild(el("p", "notice", "Its kind is filtered out: it is shown only while selected."));
    }
    if (info.summary && info.node_type !== "item" && !info.description) panel.appendChild(el("p", "description", info.summary));
    if (info.lean) renderLean(info, id); else if (info.node_type === "entity") renderEntity(info); else renderItem(info);
    if (info.community_label) metaLine("Community", info.community_label);
    if (typeof info.pagerank === "number") metaLine("PageRank", info.pagerank.toPrecision(3));
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // --------------------------------------------------------------------------------- search

  var searchIndex = null;
  function buildIndex() {
    searchIndex = [];
    records.forEach(function (record) {
      var info = details[record.id] || {};
      var name = info.label || record.label;
      searchIndex.push({ id: record.id, text: name.toLowerCase(), name: name, alias: null, rank: record.rank });
      (info.aliases || []).forEach(function (alias) {
        searchIndex.push({ id: record.id, text: alias.toLowerCase(), name: name, alias: alias, rank: record.rank });
      });
    });
  }

  function search(query) {
    if (!searchIndex) buildIndex();
    var needle = query.trim().toLowerCase();
    if (!needle) return [];
    var best = new Map();
    searchIndex.forEach(function (entry) {
      var at = entry.text.indexOf(needle);
      if (at < 0) return;
      var score = entry.text === needle ? 0 : at === 0 ? 1 : /[^a-z0-9]/.test(entry.text.charAt(at - 1)) ? 2 : 3;
      if (entry.alias !== null) score += 0.5;
      var current = best.get(entry.id);
      if (!current || score < current.score) best.set(entry.id, { id: entry.id, name: entry.name, alias: entry.alias, score: score, rank: entry.rank });
    });
    return Array.from(best.values()).sort(function (a, b) {
      return (a.score - b.score) || (b.rank - a.rank) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    }).slice(0, 15);
  }

  var searchInput = document.getElementById("search");
  var resultList = document.getElementById("search-results");
  var results = [];
  var active = -1;

  function closeResults() { resultList.hidden = true; searchInput.setAttribute("aria-expanded", "false"); active = -1; }

  function showResults() {
    results = search(searchInput.value);
    while (resultList.firstChild) resultList.removeChild(resultList.firstChild);
    active = results.length ? 0 : -1;
    if (!searchInput.value.trim()) { closeResults(); return; }
    if (!results.length) {
      resultList.appendChild(el("li", "empty", "No node matches."));
    }
    results.forEach(function (result, index) {
      var row = el("li");
      row.setAttribute("role", "option");
      row.dataset.node = result.id;
      row.setAttribute("aria-selected", index === active ? "true" : "false");
      row.appendChild(el("span", "name", result.name));
      var record = byId.get(result.id);
      var hint = (result.alias !== null ? "alias “" + result.alias + "” · " : "") + kindName(record.kind) +
        (state.drawn.has(result.id) ? "" : " · not drawn yet");
      row.appendChild(el("span", "hint", hint));
      row.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
      resultList.appendChild(row);
    });
    resultList.hidden = false;
    searchInput.setAttribute("aria-expanded", "true");
  }

  function markActive() {
    Array.prototype.forEach.call(resultList.children, function (row, index) {
      row.setAttribute("aria-selected", index === active ? "true" : "false");
      if (index === active) row.scrollIntoView({ block: "nearest" });
    });
  }

  function choose(index) {
    var result = results[index];
    if (!result) return;
    closeResults();
    searchInput.value = result.name;
    if (state.focus !== null && !state.focusSet.has(result.id)) exitFocus({ instant: true, keepFragment: true });
    select(result.id, { fly: true, push: true });
  }

  searchInput.addEventListener("input", showResults);
  searchInput.addEventListener("focus", function () { if (searchInput.value.trim()) showResults(); });
  searchInput.addEventListener("blur", closeResults);
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (resultList.hidden) showResults();
      if (results.length) {
        active = (active + (event.key === "ArrowDown" ? 1 : -1) + results.length) % results.length;
        markActive();
      }
      event.preventDefault();
    } else if (event.key === "Enter") {
      if (resultList.hidden) showResults();
      choose(active < 0 ? 0 : active);
      event.preventDefault();
    } else if (event.key === "Escape") {
      closeResults();
    }
  });

  // ------------------------------------------------------------------------------- controls

  Array.prototype.forEach.call(document.querySelectorAll("#legend button"), function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.nodeType + "|" + button.dataset.kind;
      var on = state.kindsOff.has(key);
      if (on) state.kindsOff.delete(key); else state.kindsOff.add(key);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (state.selected !== null) state.highlighted = neighbourhood(state.selected, state.depth);
      refresh();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#edge-legend button"), function (button) {
    button.addEventListener("click", function () {
      var relation = button.dataset.relation;
      var on = state.relationsOff.has(relation);
      if (on) state.relationsOff.delete(relation); else state.relationsOff.add(relation);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (state.selected !== null) state.highlighted = neighbourhood(state.selected, state.depth);
      refresh();
    });
  });
  document.getElementById("colour-by-community").addEventListener("change", function (event) {
    state.colourBy = event.target.checked ? "community" : "type";
    document.getElementById("community-legend").hidden = !event.target.checked;
    refresh();
  });
  document.getElementById("hide-hubs").addEventListener("change", function (event) {
    state.hideHubs = event.target.checked;
    if (state.selected !== null) state.highlighted = neighbourhood(state.selected, state.depth);
    refresh();
  });
  document.getElementById("depth").addEventListener("change", function (event) {
    setDepth(parseInt(event.target.value, 10));
  });
  document.getElementById("exit-focus").addEventListener("click", function () { exitFocus(); });

  var exportLink = document.getElementById("export-link");
  function exportPng() {
    var source = container.querySelector("canvas");
    var canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    var context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(source, 0, 0);
    var url = canvas.toDataURL("image/png");
    exportLink.href = url;
    exportLink.hidden = false;
    exportLink.click();
    return url;
  }
  document.getElementById("export-png").addEventListener("click", function () { exportPng(); });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.activeElement !== searchInput && state.selected !== null) clearSelection();
  });

  // ------------------------------------------------------------------------ the network itself

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  records.forEach(function (record) { if (record.drawn) state.drawn.add(record.id); });
  nodes.add(records.filter(function (record) { return record.drawn; }).map(visNode));
  edges.add(edgeRecords.filter(function (edge) {
    return state.drawn.has(edge.from) && state.drawn.has(edge.to);
  }).map(visEdge));

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  network.once("afterDrawing", function () { window.conceptMapFirstDrawMs = performance.now(); });

  network.on("click", function (params) {
    if (params.nodes.length) {
      if (params.nodes[0] !== state.selected) select(params.nodes[0], {});
    } else if (state.selected !== null) {
      clearSelection();
    }
  });

  function applyFragment(how) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var focus = params.get("focus");
    var node = params.get("node");
    var instant = !!(how && how.instant);
    if (focus !== null && byId.has(focus)) {
      if (state.focus !== focus) setFocus(focus, { instant: instant, keepFragment: true });
    } else if (state.focus !== null) {
      exitFocus({ instant: instant, keepFragment: true });
    }
    if (node !== null) {
      if (node !== state.selected || instant) select(node, { fly: focus === null, instant: instant, keepFragment: true });
    } else if (state.selected !== null) {
      clearSelection({ keepFragment: true });
    }
  }
  window.addEventListener("hashchange", function () { applyFragment({}); });
  window.addEventListener("popstate", function () { applyFragment({}); });

  window.conceptMap = {
    select: function (id) { return select(id, { fly: true, push: true }); },
    clearSelection: function () { clearSelection(); },
    setDepth: setDepth,
    setFocus: function (id) { return setFocus(id); },
    exitFocus: function () { exitFocus(); },
    search: function (query) { return search(query).map(function (result) { return result.id; }); },
    exportPng: exportPng,
    highlighted: function () { return state.highlighted ? Array.from(state.highlighted).sort() : null; },
    drawnCount: function () { return state.drawn.size; },
    state: state
  };
  if (location.hash.length > 1) applyFragment({ instant: true });
  window.conceptMapReady = true;
})();
