# updates: install rules and CPack DEB packages (issue #9).
#   cmake --preset release && cmake --build --preset release
#   cd build/release && cpack            -> civil-kiosk_*.deb, kiosk-central_*.deb
# Components:
#   kiosk    /usr/bin/{kiosk,kiosk-cli,kiosk-launcher,kiosk-update}
#   assets   /usr/share/civil-kiosk/assets
#   system   systemd units, /etc/kiosk/kiosk.toml, /etc/default/kiosk-update
#   central, central-system   kiosk-central and its unit
# An OSTree release is the kiosk and assets components installed into a tree:
#   cmake --install build/release --prefix TREE --component kiosk
#   cmake --install build/release --prefix TREE --component assets
#   tools/kioskctl release TREE --repo REPO --key KEYID
# (the system component holds absolute /etc paths and stays out of releases).
install(TARGETS kiosk kiosk-cli kiosk-launcher kiosk-update RUNTIME DESTINATION bin COMPONENT kiosk)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION share/civil-kiosk/assets COMPONENT assets
        PATTERN "config" EXCLUDE)
install(FILES
          ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk.service
          ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk-update.service
          ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk-update.timer
          ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk-restart.path
          ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk-restart.service
        DESTINATION lib/systemd/system COMPONENT system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/etc/kiosk.toml DESTINATION /etc/kiosk COMPONENT system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/etc/kiosk-update.default DESTINATION /etc/default
        RENAME kiosk-update COMPONENT system)
install(TARGETS kiosk-central RUNTIME DESTINATION bin COMPONENT central)
install(TARGETS kiosk-fleet RUNTIME DESTINATION bin COMPONENT central)  # fleet: signs remote configs (kioskctl)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/systemd/kiosk-central.service DESTINATION lib/systemd/system
        COMPONENT central-system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/etc/kiosk-central.default DESTINATION /etc/default
        RENAME kiosk-central COMPONENT central-system)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME civil-kiosk)
set(CPACK_PACKAGE_VENDOR "civil-kiosk project")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "Kiosk maintainers <maintainers@kiosk.invalid>")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENTS_ALL kiosk assets system central central-system)
foreach(c kiosk assets system)
  string(TOUPPER ${c} C)
  set(CPACK_COMPONENT_${C}_GROUP kiosk)
endforeach()
set(CPACK_COMPONENT_CENTRAL_GROUP central)
set(CPACK_COMPONENT_CENTRAL-SYSTEM_GROUP central)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME civil-kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION
    "Civil-affairs self-service kiosk\n The touchscreen kiosk program, kiosk-cli, the launcher and OSTree updater, assets and systemd units.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "adduser, ostree, gnupg, fonts-noto-cjk, tesseract-ocr-chi-sim, tesseract-ocr-eng")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/kiosk/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/kiosk/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/kiosk/conffiles)
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_CENTRAL_PACKAGE_NAME kiosk-central)
set(CPACK_DEBIAN_CENTRAL_DESCRIPTION
    "Civil-affairs kiosk central service (reference)\n The reference central API server; also serves the kiosks' OSTree release repository.")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_DEPENDS "adduser")
# The production store several servers share (README: the PostgreSQL set-up); SQLite needs nothing.
set(CPACK_DEBIAN_CENTRAL_PACKAGE_SUGGESTS "postgresql")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/central/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/central/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/central/conffiles)
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
