// A chat room's page: the socket at /ws/chat/<room>/ (see chat/consumers.py).
// Message bodies are plain text and only ever set as textContent.
(() => {
  const root = document.querySelector("[data-chat-room]");
  if (!root) return;
  const roomId = root.dataset.chatRoom;
  const me = Number(root.dataset.userId);
  const moderator = root.hasAttribute("data-moderator");
  const list = root.querySelector("[data-chat-messages]");
  const form = root.querySelector("[data-chat-form]");
  const textarea = form.querySelector("textarea");
  const status = root.querySelector("[data-chat-status]");
  const presence = root.querySelector("[data-chat-presence]");
  const template = document.querySelector("[data-chat-message-template]");
  // Close codes (chat/consumers.py): not signed in, no longer a member.
  const SIGNED_OUT = 4401;
  const NOT_A_MEMBER = 4403;
  const READ_EVERY = 5000;
  let socket;
  let retry = 1000;
  let checkingSignIn = false;
  let pending = null;
  let readTimer = null;
  let lastRead = 0;

  function decorate(item) {
    const own = Number(item.dataset.authorId) === me;
    const show = { edit: own, delete: own || moderator, report: !own, mute: moderator && !own };
    for (const button of item.querySelectorAll("[data-action]")) {
      button.hidden = !show[button.dataset.action];
    }
  }

  function render(message) {
    let item = list.querySelector(`[data-message-id="${message.id}"]`);
    const isNew = !item;
    if (isNew) {
      item = template.content.firstElementChild.cloneNode(true);
      item.dataset.messageId = message.id;
      item.dataset.authorId = message.author.id;
    }
    const author = item.querySelector("[data-author]");
    author.textContent = message.author.name;
    author.href = message.author.url;
    const time = item.querySelector("[data-time]");
    time.dateTime = message.created_at;
    time.textContent = new Date(message.created_at).toLocaleString([], {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    });
    item.querySelector("[data-body]").textContent = message.body;
    item.querySelector("[data-edited]").hidden = !message.edited;
    decorate(item);
    if (isNew) {
      // In id order: what a reconnection fetches may come after newer live ones.
      const next = [...list.querySelectorAll("[data-message-id]")].find(
        (other) => Number(other.dataset.messageId) > message.id,
      );
      list.insertBefore(item, next ?? null);
      if (!next) list.scrollTop = list.scrollHeight;
    }
  }

  // The newest message shown: after a dropped connection, the socket is asked
  // for everything after it, so nothing sent meanwhile is missed.
  function lastId() {
    const ids = [...list.querySelectorAll("[data-message-id]")].map((item) => Number(item.dataset.messageId));
    return ids.length ? Math.max(...ids) : 0;
  }

  // "Read" at once, then at most every few seconds however fast messages come.
  function markRead() {
    if (readTimer || document.visibilityState !== "visible") return;
    readTimer = setTimeout(() => {
      readTimer = null;
      lastRead = Date.now();
      send({ type: "read" });
    }, Math.max(lastRead + READ_EVERY - Date.now(), 0));
  }

  function person({ id, name }) {
    const item = document.createElement("li");
    item.dataset.userId = id;
    item.textContent = name;
    return item;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    status.textContent = "Not connected; trying again…";
    return false;
  }

  const handlers = {
    history(frame) {
      frame.messages.forEach(render);
      // Catching up after `after`: ask on until the room's newest.
      if (frame.after !== undefined && !frame.complete && frame.messages.length) {
        send({ type: "history", after: frame.messages.at(-1).id });
      }
    },
    message(frame) {
      render(frame.message);
      if (frame.message.author.id === me && frame.message.body === pending) {
        textarea.value = "";
        pending = null;
      }
      markRead();
    },
    deleted(frame) {
      list.querySelector(`[data-message-id="${frame.id}"]`)?.remove();
    },
    presence(frame) {
      presence.replaceChildren(...frame.online.map(person));
    },
    arrived(frame) {
      if (!presence.querySelector(`[data-user-id="${frame.user.id}"]`)) {
        presence.append(person(frame.user));
      }
    },
    left(frame) {
      presence.querySelector(`[data-user-id="${frame.user}"]`)?.remove();
    },
    muted(frame) {
      if (frame.user === me) {
        status.textContent = `You are muted until ${new Date(frame.until).toLocaleTimeString()}.`;
      }
    },
    reported() {
      status.textContent = "Thank you: an admin will look at it.";
    },
    error(frame) {
      status.textContent = frame.message;
      pending = null;
    },
  };

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/chat/${roomId}/`);
    let opened = false;
    socket.addEventListener("open", () => {
      opened = true;
      checkingSignIn = false;
      status.textContent = "Connected";
      retry = 1000;
      send({ type: "history", after: lastId() });
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      handlers[frame.type]?.(frame);
    });
    socket.addEventListener("close", (event) => {
      if (event.code === NOT_A_MEMBER) {
        status.textContent = "You are not a member of this room.";
        return;
      }
      // Shown out as signed out, the session may only have a new key (a
      // password changed in this browser): connecting again at once finds
      // it. If that is refused too (the browser sees no close code for a
      // refused handshake), the member is signed out.
      if (event.code === SIGNED_OUT || (checkingSignIn && !opened)) {
        if (opened) {
          checkingSignIn = true;
          connect();
          return;
        }
        checkingSignIn = false;
        status.textContent = "You are signed out: sign in to chat.";
        return;
      }
      status.textContent = "Disconnected; reconnecting…";
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = textarea.value.trim();
    if (body && send({ type: "message", body })) pending = body;
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const item = button.closest("[data-message-id]");
    const id = Number(item.dataset.messageId);
    const action = button.dataset.action;
    if (action === "edit") {
      const body = prompt("Edit your message", item.querySelector("[data-body]").textContent);
      if (body) send({ type: "edit", id, body });
    } else if (action === "delete" && confirm("Delete this message for everyone?")) {
      send({ type: "delete", id });
    } else if (action === "report") {
      const reason = prompt("Why should an admin look at this message?");
      if (reason !== null) send({ type: "report", id, reason });
    } else if (action === "mute") {
      const minutes = Number(prompt("Mute the author for how many minutes?", "60"));
      if (minutes > 0) send({ type: "mute", user: Number(item.dataset.authorId), minutes });
    }
  });
  // Older pages arrive through HTMX: give their messages their buttons.
  document.body.addEventListener("htmx:afterSwap", () => {
    list.querySelectorAll("[data-message-id]").forEach(decorate);
  });

  list.querySelectorAll("[data-message-id]").forEach(decorate);
  list.scrollTop = list.scrollHeight;
  setInterval(() => send({ type: "ping" }), 30000);
  connect();
})();
