"""StopsItself: for the screens of scenes whose training ends by itself.

Their model keeps `stopped`, what the engine's StopRule said ("settled", "diverged" or None).
When play stops because of it, the screen is redrawn and the viewer told why.
"""

from __future__ import annotations

from nntui.engine.optim import SETTLED
from nntui.i18n import _


class StopsItself:
    """Mixin before SceneScreen: `class LossScreen(StopsItself, SceneScreen)`."""

    def pause(self) -> None:
        stopped = self.playing and self.model.stopped
        super().pause()
        if stopped:
            self.update_view()
            self.notify(_("The loss stopped improving: training paused.") if stopped == SETTLED
                        else _("Diverged: the learning rate is too large. R resets."), timeout=3)
