# A Clarisse shelf button: the startup script has put sceneprobe_clarisse on sys.path.
import sceneprobe_clarisse

sceneprobe_clarisse.submit()
