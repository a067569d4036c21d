from .choosers import playable_asset_chooser_viewset

PlayableAssetChooserBlock = playable_asset_chooser_viewset.get_block_class(
    name="PlayableAssetChooserBlock", module_path="media_library.blocks"
)
