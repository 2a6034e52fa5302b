// Rundt: a draft of the weekly summary kept on this device while it is
// typed, so a phone that locks or a tab the browser closes loses nothing
// (issue 10). Every page works without this script.
//
// - A form with data-draft is saved to localStorage at every change, under
//   "rundt-draft:<form>:case-<id>:week-<monday>:<variant>" (no user name;
//   the variant is "new", or "edit-v3" for the edit of version 3, so a
//   draft is never put over a newer version of the summary).
// - Opening the form again restores its draft, says so ("Restored a draft
//   saved at HH:MM") and offers to discard it.
// - The page the server shows once it has accepted the summary carries
//   data-draft-done="<form>:case-<id>:week-<monday>:": the drafts of that
//   week are removed. A refused post shows the form again (4xx, marked
//   data-draft-restore="off"): the draft stays, now as it was sent.
// - On every Rundt page, drafts older than 12 hours are removed, and all
//   of them when someone logs out (docs/SECURITY.md, "Drafts on the
//   device").
// - Contact rows beyond the open ones are revealed one at a time by "Add a
//   contact"; without the script they fold out together.
(function () {
  'use strict';

  var PREFIX = 'rundt-draft:';
  /** As long as the longest session (12 hours): no draft outlives that. */
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;

  /** The device's storage, or null where there is none to use. */
  function storage() {
    try {
      var s = window.localStorage;
      var probe = PREFIX + 'probe';
      s.setItem(probe, '1');
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // storage off, private mode or full: no drafts
    }
  }

  /** Removes every draft whose key `doomed` says yes to. */
  function removeWhere(store, doomed) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(PREFIX) === 0) keys.push(k);
    }
    keys.forEach(function (k) {
      if (doomed(k)) store.removeItem(k);
    });
  }

  /** The draft under `key`, or null when there is none readable. */
  function read(store, key) {
    try {
      var d = JSON.parse(store.getItem(key));
      if (d && typeof d.savedAt === 'number' && d.fields && typeof d.fields === 'object') return d;
    } catch (e) {
      // unreadable: treated as none
    }
    return null;
  }

  function fresh(draft) {
    var age = Date.now() - draft.savedAt;
    return age >= -60000 && age <= MAX_AGE_MS;
  }

  /** The fields a person types in (not the token, the version or buttons). */
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && ['hidden', 'submit', 'button', 'reset', 'password', 'file'].indexOf(el.type) < 0;
    });
  }

  function valuesOf(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    });
    return values;
  }

  function apply(form, values) {
    fieldsOf(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) return;
      if (el.type === 'checkbox') el.checked = values[el.name] === true;
      else if (!el.readOnly) el.value = String(values[el.name]);
    });
  }

  function sameValues(a, b) {
    return Object.keys(a).every(function (k) {
      return !Object.prototype.hasOwnProperty.call(b, k) || a[k] === b[k];
    });
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** A contact row with anything typed in it (the mode alone is not). */
  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll('input'), function (el) {
      return el.value.trim() !== '';
    });
  }

  /**
   * Takes the folded contact rows out of their <details> and hides the
   * empty ones behind "Add a contact". Returns a function that shows every
   * row up to the last one filled in (after a draft is put back).
   */
  function setUpRows(form) {
    var more = form.querySelector('details.more-rows');
    var button = form.querySelector('#add-contact');
    if (!more || !button) return function () {};
    var rows = Array.prototype.slice.call(more.querySelectorAll('.contact-row'));
    rows.forEach(function (row) {
      more.parentNode.insertBefore(row, more);
    });
    more.parentNode.removeChild(more);
    function showFilled() {
      var last = -1;
      rows.forEach(function (row, i) {
        if (filled(row)) last = i;
      });
      rows.forEach(function (row, i) {
        row.hidden = i > last;
      });
      button.hidden = rows.every(function (row) {
        return !row.hidden;
      });
    }
    button.addEventListener('click', function () {
      var next = rows.filter(function (row) {
        return row.hidden;
      })[0];
      if (!next) return;
      next.hidden = false;
      var first = next.querySelector('input, select, textarea');
      if (first) first.focus();
      button.hidden = rows.every(function (row) {
        return !row.hidden;
      });
    });
    showFilled();
    return showFilled;
  }

  /** Says the draft was restored, at what time, with a button to discard it. */
  function announce(savedAt, discard) {
    var box = document.getElementById('draft-notice');
    var text = document.getElementById('draft-notice-text');
    var button = document.getElementById('draft-discard');
    if (!box || !text || !button) return;
    var t = new Date(savedAt);
    var time = pad(t.getHours()) + ':' + pad(t.getMinutes());
    box.hidden = false;
    // Filled in once shown, so screen readers hear the status.
    window.setTimeout(function () {
      text.textContent = (text.getAttribute('data-template') || '').replace('%TIME%', time);
    }, 50);
    button.addEventListener('click', function () {
      discard();
      box.hidden = true;
      text.textContent = '';
    }, { once: true });
  }

  function setUpDraft(store, form) {
    var showRows = setUpRows(form);
    var week = form.elements.namedItem('week_start');
    function keyOf(monday) {
      return PREFIX + form.getAttribute('data-draft') + ':case-' + form.getAttribute('data-draft-case') +
        ':week-' + monday + ':' + form.getAttribute('data-draft-variant');
    }
    var key = keyOf(week ? week.value : '');
    var original = valuesOf(form);

    function save() {
      try {
        store.setItem(key, JSON.stringify({ savedAt: Date.now(), fields: valuesOf(form) }));
      } catch (e) {
        // storage full: the form still posts as it is
      }
    }

    if (form.getAttribute('data-draft-restore') === 'off') {
      // Sent back by the server (refused): it shows what was sent; that is
      // the draft now, kept until the summary is saved.
      save();
    } else {
      var draft = read(store, key);
      if (draft && !fresh(draft)) {
        store.removeItem(key);
      } else if (draft && !sameValues(draft.fields, original)) {
        apply(form, draft.fields);
        showRows();
        announce(draft.savedAt, function () {
          store.removeItem(key);
          apply(form, original);
          showRows();
          var first = fieldsOf(form).filter(function (el) {
            return !el.readOnly && el.offsetParent !== null;
          })[0];
          if (first) first.focus();
        });
      }
    }

    function edited(e) {
      if (week && e.target === week) {
        // Another week: its draft is kept under that week.
        var moved = keyOf(week.value);
        if (moved !== key) {
          store.removeItem(key);
          key = moved;
        }
      }
      save();
    }
    form.addEventListener('input', edited);
    form.addEventListener('change', edited);
  }

  function start() {
    var store = storage();
    var form = document.querySelector('form[data-draft]');
    if (!store) {
      // Nothing can be kept: still reveal the contact rows one at a time.
      if (form) setUpRows(form);
      return;
    }
    removeWhere(store, function (k) {
      var d = read(store, k);
      return !d || !fresh(d);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-draft-done]'), function (el) {
      var done = PREFIX + el.getAttribute('data-draft-done');
      removeWhere(store, function (k) {
        return k.indexOf(done) === 0;
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('form.logout'), function (f) {
      f.addEventListener('submit', function () {
        removeWhere(store, function () {
          return true;
        });
      });
    });
    if (form) setUpDraft(store, form);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
